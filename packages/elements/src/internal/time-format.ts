const DAY_MS = 24 * 60 * 60 * 1000;

const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();

/** The clock time of a message, in the reader's locale (`14:05`, `2:05 PM`). */
export function formatTime(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** The full date and time, for a tooltip. */
export function formatFull(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
}

/** A day separator's label: `Today`, `Yesterday` (through Intl), or the date. */
export function formatDay(iso: string, now: Date = new Date(), locale?: string): string {
  const days = Math.round((startOfDay(new Date(iso)) - startOfDay(now)) / DAY_MS);
  if (days === 0 || days === -1) {
    const label = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day');
    return label.charAt(0).toLocaleUpperCase(locale) + label.slice(1);
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(new Date(iso));
}

/** The local calendar day of a timestamp, as a key for grouping. */
export function dayKey(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

const RELATIVE_STEPS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** How long ago a time was, in its largest whole unit: `now`, `5 min. ago`, `yesterday`, `3 wk. ago`. */
export function formatAgo(iso: string, now: Date = new Date(), locale?: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  let amount = (Date.parse(iso) - now.getTime()) / 60_000;
  if (Math.abs(amount) < 1) return format.format(0, 'second');
  for (const [unit, perNext] of RELATIVE_STEPS) {
    if (Math.abs(amount) < perNext) return format.format(Math.round(amount), unit);
    amount /= perNext;
  }
  return format.format(Math.round(amount), 'year');
}
