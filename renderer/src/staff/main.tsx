import { boot } from '../common/boot';
import { connectHost } from '../platform/connection';
import { StaffApp } from './StaffApp';

boot(<StaffApp connection={connectHost('staff')} />);
