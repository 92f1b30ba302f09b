/**
 * The LIKE pattern of names that start with `prefix`, ignoring case: the prefix lowercased, its
 * wildcards (`%`, `_`) and the escape character (`\`) escaped, then `%`. Both engines compare it
 * with the lowercased name, `ESCAPE '\'`.
 */
export function namePrefixPattern(prefix: string): string {
  return `${prefix.toLowerCase().replace(/[\\%_]/g, (wildcard) => `\\${wildcard}`)}%`;
}
