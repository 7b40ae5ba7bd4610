/**
 * Turns a streamer's prompt into the ideas the built-in renderer draws: the symbol or mood to show.
 * The words it writes on an image are decided in `captions.ts`.
 */

/** A symbol the renderer can draw. */
export type SymbolKind =
  'heart' | 'star' | 'bolt' | 'crown' | 'flame' | 'gem' | 'controller' | 'coffee' | 'paw' | 'note' | 'moon' | 'trophy';

/** A mascot's expression. */
export type Mood = 'happy' | 'laugh' | 'love' | 'sad' | 'angry' | 'shock' | 'cool' | 'sleepy' | 'hype' | 'wink';

export const SYMBOLS: readonly SymbolKind[] = [
  'heart',
  'star',
  'bolt',
  'crown',
  'flame',
  'gem',
  'controller',
  'coffee',
  'paw',
  'note',
  'moon',
  'trophy',
];
export const MOODS: readonly Mood[] = [
  'happy',
  'laugh',
  'love',
  'sad',
  'angry',
  'shock',
  'cool',
  'sleepy',
  'hype',
  'wink',
];

const SYMBOL_WORDS: readonly [RegExp, SymbolKind][] = [
  [/\b(heart|love|luv|<3|valentine)/i, 'heart'],
  [/\b(star|shine|sparkl|superstar)/i, 'star'],
  [/\b(bolt|lightning|energy|zap|power|electric|fast)/i, 'bolt'],
  [/\b(crown|king|queen|royal|vip|mod)/i, 'crown'],
  [/\b(fire|flame|lit|burn|hot|spicy)/i, 'flame'],
  [/\b(gem|diamond|crystal|jewel|bits|cheer)/i, 'gem'],
  [/\b(controller|gamepad|gaming|gamer|game)/i, 'controller'],
  [/\b(coffee|tea|cozy|mug|cafe|comfy)/i, 'coffee'],
  [/\b(paw|cat|dog|kitty|puppy|fox|wolf|pet)/i, 'paw'],
  [/\b(music|song|dj|beat|sing|vibe)/i, 'note'],
  [/\b(moon|night|sleep|dream|late)/i, 'moon'],
  [/\b(trophy|win|winner|champion|victory|gg|clutch)/i, 'trophy'],
];

const MOOD_WORDS: readonly [RegExp, Mood][] = [
  [/\b(lol|lul|laugh|lmao|haha|kek|funny|rofl)/i, 'laugh'],
  [/\b(love|heart|cute|uwu|aww|adore)/i, 'love'],
  [/\b(sad|cry|tear|rip|f\b|sob|pain)/i, 'sad'],
  [/\b(rage|angry|mad|tilt|salty|grr)/i, 'angry'],
  [/\b(pog|wow|omg|shock|surpris|wtf|what)/i, 'shock'],
  [/\b(cool|ez|chill|sunglass|swag|smug)/i, 'cool'],
  [/\b(sleep|tired|zzz|bed|yawn|gn\b)/i, 'sleepy'],
  [/\b(hype|lets ?go|let's go|poggers|excit|party|yay)/i, 'hype'],
  [/\b(wink|flirt|sly|hehe)/i, 'wink'],
  [/\b(happy|smile|hi\b|hello|wave|gm\b|glad)/i, 'happy'],
];

export function symbolFor(prompt: string): SymbolKind | null {
  return SYMBOL_WORDS.find(([pattern]) => pattern.test(prompt))?.[1] ?? null;
}

export function moodFor(prompt: string): Mood | null {
  return MOOD_WORDS.find(([pattern]) => pattern.test(prompt))?.[1] ?? null;
}
