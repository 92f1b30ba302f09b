/**
 * A connection URL fit for an error message or a log: its password replaced by `***`.
 *
 * @example
 * redactUrl('postgres://hearth:s3cret@db:5432/hearth'); // 'postgres://hearth:***@db:5432/hearth'
 */
export function redactUrl(value: string): string {
  const url = URL.parse(value);
  if (!url || url.password === '') return value;
  url.password = '***';
  return url.toString();
}
