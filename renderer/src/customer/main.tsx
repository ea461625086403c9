import { boot } from '../common/boot';
import { connectHost } from '../platform/connection';
import { CustomerApp } from './CustomerApp';
import './customer.css';

boot(<CustomerApp connection={connectHost('customer')} />);
