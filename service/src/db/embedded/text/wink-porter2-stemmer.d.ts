/** Porter2 (Snowball English) stemmer: the stemming MongoDB's english text indexes use. */
declare module 'wink-porter2-stemmer' {
  function stem(word: string): string;
  export default stem;
}
