import { useMemo } from 'react';
import { toHostApi } from '../../../shared/contract';
import { boot } from '../common/boot';
import { useHostView } from '../common/host-view';
import { connectHost, type HostConnection } from '../platform/connection';
import { Guide } from './Guide';

/** The printable page: the current visit's guidance sheet, from the staff projection. */
function GuidePage({ connection }: { connection: HostConnection<'staff'> }) {
  const api = useMemo(() => toHostApi(connection.raw), [connection]);
  const view = useHostView('staffView', connection, () => api.call.getStaffSnapshot({}), api.on.staffViewChanged);
  if (!view?.visit) return null;
  return <Guide visit={view.visit} municipality={view.staff?.tenantName ?? ''} />;
}

boot(<GuidePage connection={connectHost('staff')} />);
