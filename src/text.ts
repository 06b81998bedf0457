// Input text shown to a person: control characters escaped, long values cut, so that a cell can
// neither drive the terminal (ANSI escapes) nor flood it (a 50 MB line). Pure; used by every layer.

/** Longest piece of input text a message quotes, in characters. */
export const MAX_SHOWN = 60;

// C0 and C1 controls, DEL, and the invisible format characters that reorder or hide text.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

function escapeChar(ch: string): string {
  const c = ch.charCodeAt(0);
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
}

/** `text` with control characters as \xNN or \uNNNN escapes, cut to `max` characters and "…". */
export function escapeText(text: string, max = MAX_SHOWN): string {
  const cut = text.length > max;
  const shown = (cut ? text.slice(0, max) : text).replace(UNSAFE, escapeChar);
  return cut ? `${shown}…` : shown;
}

/** An input value for a message: escaped, cut, in double quotes. */
export function quoteText(text: string, max = MAX_SHOWN): string {
  return `"${escapeText(text, max)}"`;
}

/** Escape control characters without cutting: for messages that are already built to a sane size. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}
