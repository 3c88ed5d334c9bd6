/**
 * The server's log: one line per event. In the JSON format each line is one object
 * `{"time","level","msg", ...fields}`, for a log collector; the text format is the message
 * followed by `key=value` fields, for a person at a terminal.
 */

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'text';
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  format: LogFormat;
  /** Receives each finished line (without its newline). By default info goes to stdout, warnings and errors to stderr. */
  write?: (line: string, level: LogLevel) => void;
}

/** The three keys every JSON line starts with; a field of the same name cannot replace them. */
const RESERVED = new Set(['time', 'level', 'msg']);

function writeToStreams(line: string, level: LogLevel): void {
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
}

/** JSON.stringify that never throws: bigints become strings; `fallback` stands in for anything else it cannot write. */
function toJson(value: unknown, fallback: () => unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null';
  } catch {
    return JSON.stringify(fallback());
  }
}

/** A field value for the text format: bare when it is one plain word, quoted otherwise. */
function textValue(value: unknown): string {
  if (typeof value === 'string') return /^[\w.:/@+=-]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return toJson(value, () => '[unserialisable]');
}

/** Renders one log line. */
export function formatLine(format: LogFormat, level: LogLevel, msg: string, fields: LogFields = {}, time = new Date()): string {
  const defined = Object.entries(fields).filter(([key, value]) => value !== undefined && !RESERVED.has(key));
  if (format === 'json') {
    const head = { time: time.toISOString(), level, msg };
    return toJson({ ...head, ...Object.fromEntries(defined) }, () => ({ ...head, fields: '[unserialisable]' }));
  }
  const stack = defined.find(([key]) => key === 'stack')?.[1];
  const rest = defined.filter(([key]) => key !== 'stack').map(([key, value]) => ` ${key}=${textValue(value)}`);
  return `${msg}${rest.join('')}${typeof stack === 'string' ? `\n${stack}` : ''}`;
}

/** A logger writing lines in `format`. */
export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? writeToStreams;
  const emit = (level: LogLevel) => (msg: string, fields?: LogFields) => write(formatLine(options.format, level, msg, fields), level);
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/**
 * The fields describing an error: its name and message, its code (an SQLSTATE or errno name)
 * and its stack. Nothing else is read from it: a failed query's parameters, for one, may hold a
 * password hash or a token's hash and never reach the log.
 */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: String(error) };
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : undefined;
  return {
    error: `${error.name}: ${error.message}`,
    errorCode: typeof code === 'string' || typeof code === 'number' ? code : undefined,
    cause,
    stack: error.stack,
  };
}

/**
 * The log format from the raw environment, for what is logged before the configuration has been
 * read (a configuration error among it): CASEBOOK_LOG_FORMAT when it is valid, otherwise JSON in
 * production and text elsewhere. `loadConfig` applies the same rule and refuses other values.
 */
export function logFormatFromEnv(env: Record<string, string | undefined>): LogFormat {
  const wanted = env.CASEBOOK_LOG_FORMAT?.trim().toLowerCase();
  if (wanted === 'json' || wanted === 'text') return wanted;
  return env.NODE_ENV?.trim() === 'production' ? 'json' : 'text';
}
