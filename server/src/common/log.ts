import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

/**
 * The server's log: one line per event, written through pino. In the JSON format each line is
 * one object `{"time","level","msg", ...fields}`, for a log collector; the text format is the
 * message followed by `key=value` fields (and a stack on the lines after), for a person at a terminal.
 */

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'text';
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** The pino logger underneath, for libraries that log through pino themselves (pino-http). */
  readonly pino: PinoLogger;
}

export interface LoggerOptions {
  format: LogFormat;
  /** Receives each finished line (without its newline). By default info goes to stdout, warnings and errors to stderr. */
  write?: (line: string, level: LogLevel) => void;
  /** The clock lines are stamped with. */
  now?: () => Date;
}

/** The three keys every JSON line starts with; a field of the same name cannot replace them. */
const RESERVED = new Set(['time', 'level', 'msg']);

/** One entry as pino serialised it. */
interface Entry {
  time: string;
  level: LogLevel;
  msg: string;
  [field: string]: unknown;
}

function writeToStreams(line: string, level: LogLevel): void {
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
}

/** A line's own fields, before pino writes them: never a reserved key; bigints as strings (JSON has no bigint). */
function ownFields(fields: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    if (!RESERVED.has(key)) kept[key] = typeof value === 'bigint' ? value.toString() : value;
  return kept;
}

/** The fields of an entry in the order pino wrote them, without the three that lead. */
function fieldsOf(entry: Entry): [string, unknown][] {
  return Object.entries(entry).filter(([key]) => !RESERVED.has(key));
}

/** pino puts the message last; the JSON format leads with time, level and msg. */
function jsonLine(entry: Entry): string {
  return JSON.stringify({
    time: entry.time,
    level: entry.level,
    msg: entry.msg,
    ...Object.fromEntries(fieldsOf(entry)),
  });
}

/** A field value for the text format: bare when it is one plain word, quoted otherwise. */
function textValue(value: unknown): string {
  if (typeof value === 'string') return /^[\w.:/@+=-]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function textLine(entry: Entry): string {
  const fields = fieldsOf(entry);
  const stack = fields.find(([key]) => key === 'stack')?.[1];
  const rest = fields.filter(([key]) => key !== 'stack').map(([key, value]) => ` ${key}=${textValue(value)}`);
  return `${entry.msg}${rest.join('')}${typeof stack === 'string' ? `\n${stack}` : ''}`;
}

/** A logger writing lines in `format`. */
export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? writeToStreams;
  const now = options.now ?? (() => new Date());
  const render = options.format === 'json' ? jsonLine : textLine;
  // pino serialises (safely: a cycle cannot throw); this destination puts the line in its format.
  const destination: DestinationStream = {
    write(serialised) {
      const entry = JSON.parse(serialised) as Entry;
      write(render(entry), entry.level);
    },
  };
  const logger = pino(
    {
      base: null,
      messageKey: 'msg',
      timestamp: () => `,"time":"${now().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }), bindings: ownFields, log: ownFields },
    },
    destination,
  );
  return {
    info: (msg, fields) => logger.info(fields ?? {}, msg),
    warn: (msg, fields) => logger.warn(fields ?? {}, msg),
    error: (msg, fields) => logger.error(fields ?? {}, msg),
    pino: logger,
  };
}

/** Renders one log line as `createLogger` would write it at `time`. */
export function formatLine(
  format: LogFormat,
  level: LogLevel,
  msg: string,
  fields: LogFields = {},
  time = new Date(),
): string {
  let line = '';
  createLogger({ format, now: () => time, write: (written) => (line = written) })[level](msg, fields);
  return line;
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
