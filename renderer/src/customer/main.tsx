import { boot } from '../common/boot';
import { connectHost } from '../platform/connection';
import { CustomerApp } from './CustomerApp';

boot(<CustomerApp connection={connectHost('customer')} />);
