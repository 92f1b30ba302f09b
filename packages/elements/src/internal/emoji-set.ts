/** The categories of the emoji set, in the order the picker shows them. */
export type EmojiCategory = 'smileys' | 'people' | 'nature' | 'food' | 'activities' | 'objects' | 'symbols';

/** One emoji of the set: the character (one grapheme) and its English name (for search and screen readers). */
export interface Emoji {
  emoji: string;
  name: string;
  category: EmojiCategory;
}

// One emoji and its CLDR short name a line: shipped with the elements, so the picker works offline
// and asks no other host for anything.
const SET: Record<EmojiCategory, string> = {
  smileys: `😀 grinning face
😄 grinning face with smiling eyes
😁 beaming face with smiling eyes
😅 grinning face with sweat
🤣 rolling on the floor laughing
😂 face with tears of joy
🙂 slightly smiling face
😉 winking face
😊 smiling face with smiling eyes
😇 smiling face with halo
🥰 smiling face with hearts
😍 smiling face with heart-eyes
🤩 star-struck
😘 face blowing a kiss
😋 face savoring food
😜 winking face with tongue
🤪 zany face
🤗 smiling face with open hands
🤭 face with hand over mouth
🤫 shushing face
🤔 thinking face
🤨 face with raised eyebrow
😐 neutral face
😏 smirking face
😒 unamused face
🙄 face with rolling eyes
😬 grimacing face
😌 relieved face
😔 pensive face
😴 sleeping face
😷 face with medical mask
🤢 nauseated face
🤯 exploding head
🥳 partying face
😎 smiling face with sunglasses
🤓 nerd face
😕 confused face
😟 worried face
😮 face with open mouth
😲 astonished face
🥺 pleading face
😢 crying face
😭 loudly crying face
😱 face screaming in fear
😤 face with steam from nose
😡 enraged face
💀 skull
💩 pile of poo
👻 ghost
🤖 robot`,
  people: `👋 waving hand
✋ raised hand
👌 ok hand
✌️ victory hand
🤞 crossed fingers
🤘 sign of the horns
👍 thumbs up
👎 thumbs down
✊ raised fist
👊 oncoming fist
👏 clapping hands
🙌 raising hands
🤝 handshake
🙏 folded hands
💪 flexed biceps
👀 eyes
🫡 saluting face
🤷 person shrugging
🤦 person facepalming
🙋 person raising hand`,
  nature: `🐶 dog face
🐱 cat face
🦊 fox
🐻 bear
🐼 panda
🦁 lion
🐸 frog
🙈 see-no-evil monkey
🐧 penguin
🐦 bird
🦉 owl
🐝 honeybee
🦋 butterfly
🐢 turtle
🐙 octopus
🌵 cactus
🍀 four leaf clover
🌸 cherry blossom
🌻 sunflower
🔥 fire
🌈 rainbow
☀️ sun
⭐ star
🌙 crescent moon
⚡ high voltage
❄️ snowflake`,
  food: `🍎 red apple
🍌 banana
🍉 watermelon
🍓 strawberry
🍍 pineapple
🥑 avocado
🌶️ hot pepper
🥕 carrot
🍞 bread
🍔 hamburger
🍟 french fries
🍕 pizza
🌮 taco
🍣 sushi
🍜 steaming bowl
🍿 popcorn
🍩 doughnut
🍪 cookie
🎂 birthday cake
🍫 chocolate bar
☕ hot beverage
🍺 beer mug
🥂 clinking glasses`,
  activities: `🎉 party popper
🎈 balloon
🎁 wrapped gift
🏆 trophy
🥇 1st place medal
⚽ soccer ball
🏀 basketball
🎮 video game
🎲 game die
🎯 bullseye
🎸 guitar
🎵 musical note
🎨 artist palette
🚀 rocket
✈️ airplane
🚗 automobile
🚲 bicycle
🏠 house`,
  objects: `💻 laptop
⌨️ keyboard
📱 mobile phone
📷 camera
💡 light bulb
📚 books
📝 memo
✏️ pencil
📌 pushpin
🔒 locked
🔑 key
🛠️ hammer and wrench
⚙️ gear
📦 package
📅 calendar
⏰ alarm clock
⌛ hourglass done
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
💕 two hearts
💯 hundred points
✨ sparkles
💥 collision
💬 speech balloon
💤 zzz
✅ check mark button
✔️ check mark
❌ cross mark
❓ red question mark
❗ red exclamation mark
⚠️ warning
🚫 prohibited
⛔ no entry
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
