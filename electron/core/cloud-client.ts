import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  ApiErrorBody,
  CatalogResponse,
  ClaimedHandoff,
  type ClaimHandoffRequest,
  type CreateHandoffRequest,
  Handoff,
  Household,
  type LoginRequest,
  LoginResponse,
  MemberTownsResponse,
  PreApplication,
  PrintRecordResponse,
  SearchResponse,
  SubmissionResponse,
  Visit,
  SecurityEventsResponse,
} from '../../shared/api/schemas';

/**
 * The host's client of the cloud backend (shared/api is the contract). Every answer is parsed with its
 * schema, so a mismatched server fails here with a typed error rather than deep in the UI. Every mutating
 * request carries an Idempotency-Key chosen by the caller, so a retry after a timeout is never applied twice.
 */
export class CloudError extends Error {
  constructor(
    /**
     * 'unavailable' = network or server down (retry later); 'rejected' = the server said no (see body);
     * 'session_expired' = a signed-in request found the sign-in over (the backend's 401 on an idle or expired
     * session, or no token left after one): the clerk signs in again, nothing else is wrong.
     */
    readonly kind: 'unavailable' | 'rejected' | 'session_expired',
    readonly status: number,
    readonly body: ApiErrorBody | null,
  ) {
    super(body?.message ?? `backend ${kind} (${status})`);
    this.name = 'CloudError';
  }
}

export class CloudClient {
  private token: string | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  get signedIn(): boolean {
    return this.token !== null;
  }

  signOut(): void {
    this.token = null;
  }

  async login(request: LoginRequest): Promise<z.infer<typeof LoginResponse>> {
    const response = await this.send('POST', '/v1/auth/login', LoginResponse, request, { auth: false });
    this.token = response.token;
    return response;
  }

  searchResidents(q: string, birthDate?: string) {
    const query = new URLSearchParams({ q, limit: '20', ...(birthDate ? { birthDate } : {}) });
    return this.send('GET', `/v1/residents?${query}`, SearchResponse);
  }

  /** The holder of a residence card read at the counter (the chip has the name only as an image). */
  searchByResidenceCard(residenceCardNumber: string) {
    return this.send('GET', `/v1/residents?${new URLSearchParams({ residenceCardNumber, limit: '20' })}`, SearchResponse);
  }

  /** A pre-application brought as a QR code (its id verified by the counter first). */
  preApplication(applicationId: string) {
    return this.send('GET', `/v1/pre-applications/${encodeURIComponent(applicationId)}`, PreApplication);
  }

  household(householdId: string) {
    return this.send('GET', `/v1/households/${encodeURIComponent(householdId)}?purpose=one_stop_visit`, Household);
  }

  catalog(lifeEvent: string, on: string) {
    return this.send('GET', `/v1/catalog?${new URLSearchParams({ lifeEvent, on })}`, CatalogResponse);
  }

  createVisit(body: unknown, idempotencyKey: string) {
    return this.send('POST', '/v1/visits', Visit, body, { idempotencyKey });
  }

  submit(visitId: string, body: unknown, idempotencyKey: string) {
    return this.send('POST', `/v1/visits/${encodeURIComponent(visitId)}/submissions`, SubmissionResponse, body, { idempotencyKey });
  }

  /** 特例転入: after a 転出 is submitted, hand its 転出証明書 items to the member town they move to; the code goes on the receipt. */
  createHandoff(body: z.input<typeof CreateHandoffRequest>, idempotencyKey: string) {
    return this.send('POST', '/v1/handoffs', Handoff, body, { idempotencyKey });
  }

  /** 特例転入 at the receiving town: the code from the 転出 receipt and one member's birth date give the newcomers. */
  claimHandoff(body: z.input<typeof ClaimHandoffRequest>, idempotencyKey: string) {
    return this.send('POST', '/v1/handoffs/claim', ClaimedHandoff, body, { idempotencyKey });
  }

  /** The other member towns of this cloud (code and names): where a 転出 can be handed off. */
  memberTowns() {
    return this.send('GET', '/v1/member-towns', MemberTownsResponse);
  }

  /** This tenant's security events for the supervisor's screen, newest first (`before`: the previous page's cursor). */
  securityEvents(before?: string) {
    return this.send('GET', `/v1/security/events?limit=50${before ? `&before=${encodeURIComponent(before)}` : ''}`, SecurityEventsResponse);
  }

  recordPrint(body: { document: string; residentIds: string[]; visitId?: string }, idempotencyKey: string) {
    return this.send('POST', '/v1/audit/prints', PrintRecordResponse, body, { idempotencyKey });
  }

  private async send<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    body?: unknown,
    options: { auth?: boolean; idempotencyKey?: string } = {},
  ): Promise<z.output<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.auth !== false) {
      if (!this.token) throw new CloudError('session_expired', 401, { code: 'unauthenticated', message: 'ログインしてください。' });
      headers.authorization = `Bearer ${this.token}`;
    }
    if (method === 'POST' && options.auth !== false) headers['idempotency-key'] = options.idempotencyKey ?? randomUUID();
    let response: Response;
    try {
      response = await this.fetchImpl(new URL(path, this.baseUrl), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
    } catch {
      throw new CloudError('unavailable', 0, null);
    }
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const parsed = ApiErrorBody.safeParse(json);
      // A 401 on a signed-in request means only that the session is over (the login itself answers 401 for
      // wrong credentials: that is a refusal).
      const kind = response.status === 401 && options.auth !== false ? 'session_expired' : response.status >= 500 ? 'unavailable' : 'rejected';
      if (kind === 'session_expired') this.token = null;
      throw new CloudError(kind, response.status, parsed.success ? parsed.data : null);
    }
    return schema.parse(json);
  }
}
