/**
 * API errors: one shape `{code, message, details}`. Messages are written for the counter clerk, in Japanese,
 * saying what to do next; codes are stable for programs. Never put personal data in either.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const errors = {
  unauthenticated: () => new ApiError(401, 'unauthenticated', 'ログインしてください。セッションの有効期限が切れた場合は、もう一度ログインしてください。'),
  invalidCredentials: () =>
    new ApiError(401, 'invalid_credentials', 'ログインID、パスワード、または職員証・ワンタイムパスワードが正しくありません。'),
  locked: (until: Date) =>
    new ApiError(423, 'account_locked', 'ログインの失敗が続いたため、このアカウントは一時的にロックされています。時間をおくか、管理者に連絡してください。', {
      lockedUntil: until.toISOString(),
    }),
  unknownTerminal: () => new ApiError(403, 'unknown_terminal', 'この端末は登録されていません。情報システム担当に端末登録を依頼してください。'),
  forbidden: () => new ApiError(403, 'forbidden', 'この操作を行う権限がありません。'),
  notFound: (what = '対象') => new ApiError(404, 'not_found', `${what}が見つかりません。`),
  idempotencyKeyRequired: () =>
    new ApiError(400, 'idempotency_key_required', '変更を伴う要求には Idempotency-Key ヘッダーが必要です（端末の不具合です。情報システム担当に連絡してください）。'),
  idempotencyKeyReused: () =>
    new ApiError(422, 'idempotency_key_reused', '同じ要求番号で別の内容が送られました。画面を再読み込みしてからやり直してください。'),
  invalidRequest: (fields: string[]) => new ApiError(400, 'invalid_request', '入力内容に誤りがあります。項目を確認してください。', { fields }),
  unknownProcedure: (procedureId: string) =>
    new ApiError(400, 'unknown_procedure', 'この自治体の手続きカタログにない手続きが指定されました。', { procedureId }),
  conflict: (message: string) => new ApiError(409, 'conflict', message),
};
