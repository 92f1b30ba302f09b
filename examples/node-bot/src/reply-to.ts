/** What the bot knows about a message when it decides on an answer. */
export interface Incoming {
  /** The message's text. */
  content: string;
  /** The display name of whoever wrote it. */
  authorName: string;
}

/** The dice `!roll` accepts: enough for a board game, few enough to fit in one message. */
const MAX_DICE = 20;
const MAX_SIDES = 1000;

const COMMAND = /^!(\w+)(?:\s+([\s\S]*))?$/;
const DICE = /^(\d{1,3})?d(\d{1,4})$/i;

/**
 * The bot's answer to a message, or `undefined` when it has nothing to say. Pure, so the bot's
 * behaviour can be read (and tested) apart from the chat plumbing; `random` returns a number in
 * [0, 1) like `Math.random`.
 *
 * @example
 * replyTo({ content: '!ping', authorName: 'Ada' }, 'Hearth Bot'); // 'pong'
 * replyTo({ content: 'hi Hearth Bot', authorName: 'Ada' }, 'Hearth Bot'); // a greeting
 */
export function replyTo(message: Incoming, botName: string, random: () => number = Math.random): string | undefined {
  const content = message.content.trim();
  const command = COMMAND.exec(content);
  if (command) {
    const [, name = '', rest = ''] = command;
    const argument = rest.trim();
    switch (name.toLowerCase()) {
      case 'ping':
        return argument ? `pong: ${argument}` : 'pong';
      case 'help':
        return help(botName);
      case 'roll':
        return roll(message.authorName, argument, random);
      default:
        // Other bots in the channel may have `!` commands of their own: stay quiet.
        return undefined;
    }
  }
  if (mentions(content, botName)) return `Hi ${message.authorName}! I'm ${botName}, a demo bot. Say !help to see what I can do.`;
  return undefined;
}

function help(botName: string): string {
  return [
    `${botName} answers:`,
    '!ping [text]: pong (with your text)',
    `!roll [NdM]: rolls N dice of M sides (default 1d6, up to ${MAX_DICE}d${MAX_SIDES})`,
    '!help: this list',
    `and says hi when you mention ${botName}.`,
  ].join('\n');
}

function roll(authorName: string, argument: string, random: () => number): string {
  const dice = DICE.exec(argument || '1d6');
  const count = Number(dice?.[1] ?? 1);
  const sides = Number(dice?.[2]);
  if (!dice || count < 1 || count > MAX_DICE || sides < 2 || sides > MAX_SIDES) {
    return `Try !roll 2d6: 1 to ${MAX_DICE} dice of 2 to ${MAX_SIDES} sides.`;
  }
  const rolls = Array.from({ length: count }, () => 1 + Math.floor(random() * sides));
  const total = rolls.reduce((sum, value) => sum + value, 0);
  return `🎲 ${authorName} rolled ${count}d${sides}: ${count === 1 ? total : `${rolls.join(' + ')} = ${total}`}`;
}

/** Whether `content` names the bot as a word of its own ("hi Hearth Bot!", not "Hearth Botany"). */
function mentions(content: string, botName: string): boolean {
  const name = botName.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return name !== '' && new RegExp(`(?<![\\p{L}\\p{N}_])${name}(?![\\p{L}\\p{N}_])`, 'iu').test(content);
}
