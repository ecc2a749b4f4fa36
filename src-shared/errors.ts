/**
 * Errors cross every boundary as values. `message` is written for the clerk, in Chinese,
 * names the field at fault and says what to do; `code` is for programs.
 */
export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'SETUP_REQUIRED'
  | 'ARCHIVE_TOO_NEW'
  | 'ARCHIVE_DAMAGED'
  /** The shared archive's server cannot be reached (address, password, server down). */
  | 'ARCHIVE_UNREACHABLE'
  /** The shared archive's database is not one ClerkDesk may use as it is (encoding, another program's tables, empty). */
  | 'ARCHIVE_MISCONFIGURED'
  /** Something only the local archive file has (online backup, restore) asked of a server archive. */
  | 'NOT_ON_SERVER'
  | 'UNKNOWN_METHOD'
  | 'INTERNAL';

export interface FieldProblem {
  /** Dotted path of the field, e.g. `vin` or `users.0.pin`. */
  path: string;
  /** Chinese label of the field as the clerk sees it. */
  label: string;
  message: string;
}

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  details?: { fields?: FieldProblem[]; warnings?: string[]; [key: string]: unknown };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: AppErrorShape['details'];

  constructor(code: ErrorCode, message: string, details?: AppErrorShape['details']) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toShape(): AppErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static validation(path: string, label: string, message: string): AppError {
    return new AppError('VALIDATION', `${label}：${message}`, { fields: [{ path, label, message }] });
  }

  static notFound(what: string, key: string | number): AppError {
    return new AppError('NOT_FOUND', `找不到${what}“${key}”，请确认后重试。`);
  }
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: AppErrorShape): Result<T> {
  return { ok: false, error };
}
