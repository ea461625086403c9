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
  proxySignerMismatch: () =>
    new ApiError(422, 'proxy_signer_mismatch', '代筆は、代筆した職員本人のログインで送信してください。代筆をやり直してから送信してください。'),
  conflict: (message: string) => new ApiError(409, 'conflict', message),
  /** A catalog import with a condition the rules engine cannot read: nothing is imported (one such row would break every judgement of its life event). */
  invalidCatalog: (conditions: { procedureId: string; path: string; message: string }[]) =>
    new ApiError(
      400,
      'invalid_catalog',
      `手続きカタログの条件が正しくありません（${[...new Set(conditions.map((c) => c.procedureId))].join('、')}）。条件を直してから、もう一度取り込んでください。何も取り込んでいません。`,
      { conditions },
    ),
  emptySearch: () => new ApiError(400, 'empty_search', '検索する氏名（漢字・カナ・ローマ字）を入力してください。'),
};

/**
 * Database refusals that are the request's fault, not the server's: answered as such (the transaction has
 * already rolled back, so nothing was half-written) instead of as a 500 the clerk could only retry in vain.
 * Every refusal of client data is here: the whole class 22 (data exceptions: text the database cannot store,
 * a value too long, a number out of range, an impossible date, invalid text for a type) and the integrity
 * violations of class 23. The schemas of shared/api keep these from being reached; this is the net under them.
 */
export function fromSqlState(state: string | undefined): ApiError | null {
  if (!state) return null;
  switch (state) {
    case '23505':
      return new ApiError(409, 'conflict', '同じ番号のデータが既にあります。番号を確認してください。');
    case '23503':
      return new ApiError(422, 'reference_not_found', '参照している世帯や住民などのデータがありません。内容を確認してください。');
    case '23502': // not null
    case '23514': // check constraint (the register's bounds: lengths, fees, deadlines)
      return new ApiError(422, 'value_not_allowed', '登録できない値が含まれています（長すぎる名前、範囲外の金額や日数など）。入力内容を確認してください。');
    case '54000': // program limit exceeded (e.g. a value too large for an index)
      return new ApiError(413, 'value_too_large', '大きすぎる値が含まれています。入力内容を確認してください。');
    default:
      // 22xxx: data exception (22P05 untranslatable character, 22021 invalid byte sequence, 22001 string too
      // long, 22003 numeric value out of range, 22007/22008 impossible date, 22P02 invalid text representation…).
      if (state.startsWith('22')) return new ApiError(400, 'invalid_request', '保存できない文字や長すぎる値、範囲外の数値や日付が含まれています。入力内容を確認してください。');
      return null;
  }
}
