/** The categories of the emoji set, in the order the picker shows them. */
export type EmojiCategory = 'smileys' | 'people' | 'nature' | 'food' | 'activities' | 'objects' | 'symbols';

/** One emoji of the set: the character (one grapheme) and its English name (for search and screen readers). */
export interface Emoji {
  emoji: string;
  name: string;
  category: EmojiCategory;
}

// One emoji and its name (short, after the common shortcodes) a line: shipped with the elements, so the picker works offline
// and asks no other host for anything.
const SET: Record<EmojiCategory, string> = {
  smileys: `😀 grinning
😄 smiling eyes
😁 beaming
😅 sweat smile
😂 tears of joy
🤣 rolling on the floor laughing
🙂 slight smile
😉 wink
😊 blush
😇 halo
🥰 hearts
😍 heart eyes
🤩 star-struck
😘 blowing a kiss
😋 yum
😜 tongue out
🤪 zany
🤗 hug
🤭 hand over mouth
🤔 thinking
🤨 raised eyebrow
😐 neutral
😏 smirk
🙄 rolling eyes
😬 grimacing
😌 relieved
😴 sleeping
🤢 nauseated
🤯 exploding head
🥳 partying
😎 sunglasses
🤓 nerd
😕 confused
😮 open mouth
🥺 pleading
😢 crying
😭 sobbing
😱 screaming
😡 angry
💀 skull
💩 poo
👻 ghost
🤖 robot`,
  people: `👋 wave
✋ raised hand
👌 ok hand
✌️ victory
🤞 crossed fingers
👍 thumbs up
👎 thumbs down
👊 fist bump
👏 clap
🙌 raised hands
🤝 handshake
🙏 folded hands
💪 flexed biceps
👀 eyes
🫡 salute
🤷 shrug
🤦 facepalm`,
  nature: `🐶 dog
🐱 cat
🦊 fox
🐻 bear
🐼 panda
🐸 frog
🙈 see-no-evil monkey
🐧 penguin
🦉 owl
🐝 bee
🦋 butterfly
🐢 turtle
🌵 cactus
🍀 four leaf clover
🌸 cherry blossom
🌻 sunflower
🔥 fire
🌈 rainbow
☀️ sun
⭐ star
🌙 moon
⚡ lightning
❄️ snowflake`,
  food: `🍎 apple
🍌 banana
🍉 watermelon
🍓 strawberry
🥑 avocado
🌶️ hot pepper
🍞 bread
🍔 hamburger
🍟 fries
🍕 pizza
🌮 taco
🍣 sushi
🍜 noodles
🍿 popcorn
🍩 doughnut
🍪 cookie
🎂 birthday cake
🍫 chocolate
☕ coffee
🍺 beer
🥂 cheers`,
  activities: `🎉 party popper
🎈 balloon
🎁 gift
🏆 trophy
🥇 gold medal
⚽ soccer ball
🏀 basketball
🎮 video game
🎲 die
🎯 bullseye
🎸 guitar
🎵 music
🎨 art
🚀 rocket
✈️ airplane
🚗 car
🚲 bicycle
🏠 house`,
  objects: `💻 laptop
⌨️ keyboard
📱 phone
📷 camera
💡 light bulb
📚 books
📝 memo
✏️ pencil
📌 pin
🔒 lock
🔑 key
🛠️ tools
⚙️ gear
📦 package
📅 calendar
⏰ alarm clock
⌛ hourglass
💰 money bag
🔔 bell
📣 megaphone`,
  symbols: `❤️ red heart
🧡 orange heart
💛 yellow heart
💚 green heart
💙 blue heart
💜 purple heart
💔 broken heart
💯 hundred points
✨ sparkles
💥 boom
💬 speech balloon
💤 zzz
✅ check mark button
✔️ check mark
❌ cross mark
❓ question mark
❗ exclamation mark
⚠️ warning
🚫 prohibited
🔴 red circle
🟢 green circle
➕ plus
➖ minus
➡️ right arrow
⬅️ left arrow
🏁 chequered flag`,
};

/** The emoji set, category by category. */
export const EMOJI: readonly Emoji[] = (Object.keys(SET) as EmojiCategory[]).flatMap((category) =>
  SET[category].split('\n').map((line) => {
    const space = line.indexOf(' ');
    return { emoji: line.slice(0, space), name: line.slice(space + 1), category };
  }),
);
