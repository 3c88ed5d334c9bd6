/** The builds the command-line tool needs ('schema', 'server') that are missing or older than their sources, in build order. */
export function buildsToRun(): ('schema' | 'server')[];
