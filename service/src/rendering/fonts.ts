import { fileURLToPath } from 'node:url';
import { GlobalFonts } from '@napi-rs/canvas';

/**
 * The fonts the built-in renderer draws with. They ship in `service/assets/fonts` (SIL OFL 1.1 and
 * Apache 2.0, licences beside each file) so output never depends on the machine's fonts.
 */
export type ShippedFamily =
  | 'Bangers'
  | 'Bebas Neue'
  | 'Bungee'
  | 'Fredoka'
  | 'Luckiest Guy'
  | 'Orbitron'
  | 'Poppins'
  | 'Press Start 2P'
  | 'Russo One';

/** A family and the weight to ask it for. */
export interface FontChoice {
  family: ShippedFamily;
  weight: number;
}

const FONT_FILES: readonly [ShippedFamily, string][] = [
  ['Bangers', 'bangers/Bangers_400Regular.ttf'],
  ['Bebas Neue', 'bebas-neue/BebasNeue_400Regular.ttf'],
  ['Bungee', 'bungee/Bungee_400Regular.ttf'],
  ['Fredoka', 'fredoka/Fredoka_600SemiBold.ttf'],
  ['Fredoka', 'fredoka/Fredoka_700Bold.ttf'],
  ['Luckiest Guy', 'luckiest-guy/LuckiestGuy_400Regular.ttf'],
  ['Orbitron', 'orbitron/Orbitron_700Bold.ttf'],
  ['Orbitron', 'orbitron/Orbitron_900Black.ttf'],
  ['Poppins', 'poppins/Poppins_500Medium.ttf'],
  ['Poppins', 'poppins/Poppins_700Bold.ttf'],
  ['Poppins', 'poppins/Poppins_800ExtraBold.ttf'],
  ['Press Start 2P', 'press-start-2p/PressStart2P_400Regular.ttf'],
  ['Russo One', 'russo-one/RussoOne_400Regular.ttf'],
];

const fontsDir = new URL('../../assets/fonts/', import.meta.url);

let registered = false;

/** Registers the shipped fonts with the canvas library; runs once per thread. */
export function registerShippedFonts(): void {
  if (registered) {
    return;
  }
  for (const [family, file] of FONT_FILES) {
    const key = GlobalFonts.registerFromPath(fileURLToPath(new URL(file, fontsDir)), family);
    if (!key) {
      throw new Error(`Could not load the shipped font ${file}`);
    }
  }
  registered = true;
}

registerShippedFonts();

/** Brand font names (usually Google Fonts families) grouped by the shipped family closest in spirit. */
const LOOKALIKES: readonly [RegExp, FontChoice][] = [
  [/press start|vt323|silkscreen|pixel|8-?bit|dotgothic/i, { family: 'Press Start 2P', weight: 400 }],
  [/orbitron|audiowide|exo|rajdhani|michroma|saira|oxanium|tech|futur/i, { family: 'Orbitron', weight: 900 }],
  [
    /bebas|oswald|anton|league gothic|teko|condensed|barlow|fjalla|archivo narrow/i,
    { family: 'Bebas Neue', weight: 400 },
  ],
  [/russo|black ops|kanit|chakra|squada|staatliches|bold esports|graduate/i, { family: 'Russo One', weight: 400 }],
  [/bungee|monoton|righteous|shrikhand|lobster|pacifico|retro|bowlby|alfa slab/i, { family: 'Bungee', weight: 400 }],
  [/bangers|comic|boogaloo|permanent marker|impact/i, { family: 'Bangers', weight: 400 }],
  [/luckiest|lilita|titan one|chewy|carter|sniglet|bubblegum|gluten/i, { family: 'Luckiest Guy', weight: 400 }],
  [/fredoka|baloo|nunito|quicksand|varela|comfortaa|rounded|m plus rounded/i, { family: 'Fredoka', weight: 700 }],
  [
    /poppins|inter|roboto|montserrat|open sans|lato|helvetica|arial|sans|manrope|dm sans|outfit/i,
    { family: 'Poppins', weight: 800 },
  ],
];

/** The shipped family that stands in for a brand's font name, or null when nothing resembles it. */
export function matchBrandFont(name: string | undefined): FontChoice | null {
  if (!name?.trim()) {
    return null;
  }
  for (const [pattern, choice] of LOOKALIKES) {
    if (pattern.test(name)) {
      return choice;
    }
  }
  return null;
}

/** A CSS font shorthand for the canvas. */
export function fontCss(font: FontChoice, sizePx: number): string {
  return `${font.weight} ${Math.max(1, Math.round(sizePx * 10) / 10)}px "${font.family}"`;
}
