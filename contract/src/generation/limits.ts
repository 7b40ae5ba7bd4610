/** The longest prompt a generation takes, in characters (the coach's refined prompts keep to it too). */
export const GENERATION_PROMPT_MAX_LENGTH = 1000;
