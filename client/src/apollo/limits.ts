import limits from '../../../schema/limits.json';

/** The largest page the API serves (schema/limits.json, shared with the server). */
export const MAX_PAGE = limits.pageSize.max;
