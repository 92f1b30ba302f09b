import type { Reactors } from '@hearth/sdk';
import { format } from '../internal/strings.js';
import type { Translate } from './message-actions.js';

/**
 * Who reacted, for the chip's tooltip: "Ada, Linus and 3 others", the user as "You".
 *
 * @param me the user's id.
 */
export function reactorNames({ users, count }: Reactors, me: string | undefined, t: Translate): string {
  const names = users.map((user) => (user.id === me ? t('you') : user.name));
  const rest = count - names.length;
  if (rest > 0) names.push(rest === 1 ? t('oneOther') : format(t('others'), { count: rest }));
  const last = names.pop() ?? '';
  return names.length > 0 ? format(t('nameAnd'), { a: names.join(', '), b: last }) : last;
}
