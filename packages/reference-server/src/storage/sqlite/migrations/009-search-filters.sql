-- The search index also holds each message's author and channel, each as one token (the id in
-- hex: ids hold characters the tokenizer splits on), so that `from:` and a few channels' `in:`
-- are conditions FTS5 answers itself: it intersects a word's list with the author's or channels'
-- lists by skipping through the longer one, newest first, instead of reading every match of a
-- common word to find an author's few. Words are matched in the content column only.
DROP TABLE message_search;

CREATE VIRTUAL TABLE message_search USING fts5 (
  content,
  author,
  channel,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);

-- Every stored message is indexed again here, with its current text: nothing is left stale.
DELETE FROM message_search_stale;
INSERT INTO message_search (rowid, content, author, channel)
  SELECT k.key, m.content, hex(m.author_id), hex(m.channel_id) FROM message_search_keys k JOIN messages m ON m.id = k.message_id
  WHERE m.deleted = 0;
