/** The longest prompt a generation takes, in characters (the coach's refined prompts keep to it too). */
export const GENERATION_PROMPT_MAX_LENGTH = 1000;

/** The most variations one generation request may ask for, on every tier. */
export const GENERATION_MAX_VARIATIONS = 4;
