/**
 * Demo tenants, terminals and staff accounts — loaded only with DEMO=1. The credentials are public (README);
 * they exist so `npm start` works on a fresh machine and so tests can log in.
 */
export const DEMO_TENANTS = [
  { tenantId: '212113', nameJa: '美濃加茂市', nameKana: 'ミノカモシ', nameEn: 'Minokamo City', prefecture: '岐阜県' },
  { tenantId: '215015', nameJa: '坂祝町', nameKana: 'サカホギチョウ', nameEn: 'Sakahogi Town', prefecture: '岐阜県' },
] as const;

export const DEMO_TERMINALS = ['demo-terminal-01', 'demo-terminal-02'];

export const DEMO_PASSWORD = 'Madoguchi#2026';
/** A well-known demo TOTP secret (base32); put it in any authenticator app to log in with a code. */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

export interface DemoStaff {
  tenantId: string;
  staffId: string;
  loginId: string;
  displayName: string;
  role: 'counter' | 'department' | 'supervisor' | 'tenant_admin';
  department: string | null;
  /** Staff IC card UID (hex) registered as this account's second factor, or null for TOTP only. */
  cardUid: string | null;
  totp: boolean;
}

export const DEMO_STAFF: DemoStaff[] = [
  { tenantId: '212113', staffId: '00000000-0000-4000-8000-212113000001', loginId: 'minokamo.counter', displayName: '窓口 花子', role: 'counter', department: '市民課', cardUid: '04A1B2C3D4E5F6', totp: false },
  { tenantId: '212113', staffId: '00000000-0000-4000-8000-212113000002', loginId: 'minokamo.fukushi', displayName: '福祉 次郎', role: 'department', department: '福祉課', cardUid: null, totp: true },
  { tenantId: '212113', staffId: '00000000-0000-4000-8000-212113000003', loginId: 'minokamo.supervisor', displayName: '監督 三郎', role: 'supervisor', department: '市民課', cardUid: '04A1B2C3D4E5F7', totp: true },
  { tenantId: '212113', staffId: '00000000-0000-4000-8000-212113000004', loginId: 'minokamo.admin', displayName: '管理 四子', role: 'tenant_admin', department: null, cardUid: null, totp: true },
  { tenantId: '215015', staffId: '00000000-0000-4000-8000-215015000001', loginId: 'sakahogi.counter', displayName: '窓口 五郎', role: 'counter', department: '町民課', cardUid: '04B1B2C3D4E5F6', totp: false },
  { tenantId: '215015', staffId: '00000000-0000-4000-8000-215015000002', loginId: 'sakahogi.fukushi', displayName: '福祉 六美', role: 'department', department: '福祉課', cardUid: null, totp: true },
  { tenantId: '215015', staffId: '00000000-0000-4000-8000-215015000003', loginId: 'sakahogi.supervisor', displayName: '監督 七海', role: 'supervisor', department: '町民課', cardUid: '04B1B2C3D4E5F7', totp: true },
  { tenantId: '215015', staffId: '00000000-0000-4000-8000-215015000004', loginId: 'sakahogi.admin', displayName: '管理 八雲', role: 'tenant_admin', department: null, cardUid: null, totp: true },
];
