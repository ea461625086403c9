import type { HostInfo } from '../../../shared/contract';
import type { CloudClient } from '../cloud-client';
import type { DevicePort } from '../devices/port';
import type { Logger } from '../log';

/** The part of the cloud client the host uses (a fake in unit tests). */
export type CloudPort = Pick<CloudClient, 'login' | 'signOut' | 'searchResidents' | 'searchByResidenceCard' | 'preApplication' | 'household' | 'catalog' | 'createVisit' | 'submit' | 'recordPrint' | 'createHandoff' | 'claimHandoff' | 'memberTowns' | 'securityEvents'>;

/** Prints a page of the app (today: the guidance sheet) to PDF. */
export type RenderPdf = (page: 'guide') => Promise<Uint8Array>;

export interface CounterHostOptions {
  terminalId: string;
  /** The municipality this counter belongs to (its 6-digit code). */
  tenantId: string;
  info: HostInfo;
  newId: () => string;
  now: () => Date;
  cloud: CloudPort;
  /** Absent where the host cannot print to PDF. */
  renderPdf?: RenderPdf;
  /** The counter's card reader, scanners and printer; absent where the host drives none. */
  devices?: DevicePort;
  log?: Logger;
}
