/* A floor for an import that keeps a row a score: parse the score files with libcsv and insert
 * one row a record into SQLite, with nothing validated, resolved or checked for duplicates.
 *
 * The store is set up as gradebook's (16 KiB pages, write-ahead log, synchronous = NORMAL,
 * a 32 MiB cache), the rows have its `fact` table's columns, and all of a file's rows go in
 * through one prepared statement in one transaction, values bound in place (SQLITE_STATIC).
 * A file with a `Start time` column is read as a forms export (a row a response: the rater's
 * e-mail, the presenter cell, the points packed as text, the comment); any other as the staff
 * long form (target, item, criterion, rater, score). Each file is its own transaction, committed
 * and checkpointed when the store closes, as two `gradebook import` commands would be.
 *
 * With --packed, the other design: each run of 4,096 records is stored as one row, its fields
 * laid end to end (a 32-bit length before each) in one blob, as a store keeping facts in bulk
 * would (bench/NOTES.md). With --packed2, the same on both cores: this thread parses and packs,
 * a second one inserts each finished chunk (a queue of at most 8), so the time is the longer of
 * the two: what a store in bulk allows at best here, before any validation.
 *
 * Usage: store_only [--packed | --packed2] STORE FILE... */
#include <csv.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FIELDS = 32, MAX_TEXT = 1 << 16, CHUNK_RECORDS = 4096 };

struct row {
  sqlite3_stmt *insert;
  int forms, header, fields, line;
  long long id;
  int packed, threaded, chunk_records, chunk_first;
  char *chunk;
  size_t chunk_used, chunk_capacity;
  char text[MAX_TEXT];
  size_t used;
  size_t start[MAX_FIELDS], length[MAX_FIELDS];
};

/* A field past MAX_FIELDS is dropped; one that would overflow the record's text is kept empty. */
static void on_field(void *data, size_t len, void *ctx) {
  struct row *r = ctx;
  if (r->fields < MAX_FIELDS) {
    if (r->used + len > MAX_TEXT) len = 0;
    memcpy(r->text + r->used, data, len);
    r->start[r->fields] = r->used;
    r->length[r->fields] = len;
    r->used += len;
    r->fields++;
  }
}

static void bind_field(struct row *r, int column, int field) {
  if (field >= r->fields || r->length[field] == 0) {
    sqlite3_bind_null(r->insert, column);
  } else {
    sqlite3_bind_text(r->insert, column, r->text + r->start[field], (int)r->length[field], SQLITE_STATIC);
  }
}

/* --packed2: finished chunks on their way to the inserting thread. */
struct chunk { long long id; int first, records; size_t used; char *bytes; };
enum { QUEUE = 8 };
static struct {
  pthread_mutex_t lock;
  pthread_cond_t changed;
  struct chunk slots[QUEUE];
  int head, count, pending, done; /* pending: handed over and not yet inserted */
} queue = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, {{0}}, 0, 0, 0, 0};

static void insert_chunk(sqlite3_stmt *s, struct chunk c) {
  sqlite3_bind_int64(s, 1, c.id);
  sqlite3_bind_int(s, 2, 1);
  sqlite3_bind_int(s, 3, c.first);
  sqlite3_bind_int(s, 4, c.records);
  sqlite3_bind_blob(s, 5, c.bytes, (int)c.used, SQLITE_STATIC);
  if (sqlite3_step(s) != SQLITE_DONE) { fprintf(stderr, "insert failed at line %d\n", c.first); exit(1); }
  sqlite3_reset(s);
}

/* The inserting thread: chunks in order until the queue is closed and empty. */
static void *insert_chunks(void *insert) {
  for (;;) {
    pthread_mutex_lock(&queue.lock);
    while (queue.count == 0 && !queue.done) pthread_cond_wait(&queue.changed, &queue.lock);
    if (queue.count == 0) { pthread_mutex_unlock(&queue.lock); return NULL; }
    struct chunk c = queue.slots[queue.head];
    queue.head = (queue.head + 1) % QUEUE;
    queue.count--;
    pthread_cond_broadcast(&queue.changed);
    pthread_mutex_unlock(&queue.lock);
    insert_chunk(insert, c);
    free(c.bytes);
    pthread_mutex_lock(&queue.lock);
    queue.pending--;
    pthread_cond_broadcast(&queue.changed);
    pthread_mutex_unlock(&queue.lock);
  }
}

/* --packed: the chunk so far as one row (id, batch, first line, records, blob); --packed2 hands
 * it to the inserting thread and starts a new buffer. */
static void flush_chunk(struct row *r) {
  if (r->chunk_records == 0) return;
  struct chunk c = {++r->id, r->chunk_first, r->chunk_records, r->chunk_used, r->chunk};
  if (r->threaded) {
    pthread_mutex_lock(&queue.lock);
    while (queue.count == QUEUE) pthread_cond_wait(&queue.changed, &queue.lock);
    queue.slots[(queue.head + queue.count) % QUEUE] = c;
    queue.count++;
    queue.pending++;
    pthread_cond_broadcast(&queue.changed);
    pthread_mutex_unlock(&queue.lock);
    r->chunk = NULL;
    r->chunk_capacity = 0;
  } else {
    insert_chunk(r->insert, c);
  }
  r->chunk_records = 0;
  r->chunk_used = 0;
}

/* --packed2: waits until every chunk handed over is inserted (before a file's COMMIT). */
static void drain(void) {
  pthread_mutex_lock(&queue.lock);
  while (queue.pending > 0) pthread_cond_wait(&queue.changed, &queue.lock);
  pthread_mutex_unlock(&queue.lock);
}

static void pack_record(struct row *r) {
  size_t need = r->used + 4 * (size_t)r->fields + 4;
  if (r->chunk_used + need > r->chunk_capacity) {
    r->chunk_capacity = 2 * (r->chunk_capacity + need);
    r->chunk = realloc(r->chunk, r->chunk_capacity);
  }
  if (r->chunk_records == 0) r->chunk_first = r->line;
  int n = r->fields < MAX_FIELDS ? r->fields : MAX_FIELDS;
  memcpy(r->chunk + r->chunk_used, &n, 4);
  r->chunk_used += 4;
  for (int f = 0; f < n; f++) {
    unsigned length = (unsigned)r->length[f];
    memcpy(r->chunk + r->chunk_used, &length, 4);
    memcpy(r->chunk + r->chunk_used + 4, r->text + r->start[f], length);
    r->chunk_used += 4 + length;
  }
  if (++r->chunk_records == CHUNK_RECORDS) flush_chunk(r);
}

static void on_record(int c, void *ctx) {
  (void)c;
  struct row *r = ctx;
  r->line++;
  if (r->header) {
    r->header = 0;
    r->forms = r->fields > 3 && r->length[1] == 10 && memcmp(r->text + r->start[1], "Start time", 10) == 0;
  } else if (r->packed) {
    pack_record(r);
  } else {
    sqlite3_stmt *s = r->insert;
    sqlite3_bind_int64(s, 1, ++r->id);
    sqlite3_bind_int(s, 2, 1);
    sqlite3_bind_int(s, 3, r->line);
    sqlite3_bind_text(s, 4, r->forms ? "response" : "score", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, "", 0, SQLITE_STATIC);
    if (r->forms) {
      /* Id, Start time, Completion time, Email, Name, Presentation, five points, Comments. */
      char packed[128];
      int at = 0;
      for (int f = 6; f < 11 && f < r->fields; f++) {
        int n = snprintf(packed + at, sizeof packed - (size_t)at, "%d=%.*s;", f - 6, (int)r->length[f], r->text + r->start[f]);
        if (n < 0 || (size_t)(at + n) >= sizeof packed) break; /* a cell too long for points: the rest left out */
        at += n;
      }
      bind_field(r, 6, 5);
      sqlite3_bind_text(s, 7, "pr-presentation", -1, SQLITE_STATIC);
      sqlite3_bind_null(s, 8);
      bind_field(r, 9, 3);
      sqlite3_bind_null(s, 10);
      sqlite3_bind_int64(s, 11, 1767225600LL + r->line);
      bind_field(r, 12, 11);
      sqlite3_bind_text(s, 13, packed, at, SQLITE_TRANSIENT);
    } else {
      /* target, item, criterion, rater, score */
      bind_field(r, 6, 0);
      bind_field(r, 7, 1);
      bind_field(r, 8, 2);
      bind_field(r, 9, 3);
      if (r->fields > 4 && r->length[4] > 0) {
        char number[64];
        size_t n = r->length[4] < sizeof number - 1 ? r->length[4] : sizeof number - 1;
        memcpy(number, r->text + r->start[4], n);
        number[n] = 0;
        sqlite3_bind_double(s, 10, strtod(number, NULL));
      } else {
        sqlite3_bind_null(s, 10);
      }
      sqlite3_bind_null(s, 11);
      sqlite3_bind_null(s, 12);
      sqlite3_bind_null(s, 13);
    }
    if (sqlite3_step(s) != SQLITE_DONE) { fprintf(stderr, "insert failed at line %d\n", r->line); exit(1); }
    sqlite3_reset(s);
  }
  r->fields = 0;
  r->used = 0;
}

static void exec(sqlite3 *db, const char *sql) {
  char *message = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK) { fprintf(stderr, "%s: %s\n", sql, message); exit(1); }
}

int main(int argc, char **argv) {
  static struct row r;
  r.threaded = argc > 1 && strcmp(argv[1], "--packed2") == 0;
  r.packed = r.threaded || (argc > 1 && strcmp(argv[1], "--packed") == 0);
  argv += r.packed;
  argc -= r.packed;
  if (argc < 3) { fprintf(stderr, "usage: store_only [--packed | --packed2] STORE FILE...\n"); return 2; }
  sqlite3 *db;
  if (sqlite3_open(argv[1], &db) != SQLITE_OK) { fprintf(stderr, "cannot open %s\n", argv[1]); return 1; }
  exec(db, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA cache_size = -32768; PRAGMA synchronous = NORMAL");
  exec(db,
       "CREATE TABLE IF NOT EXISTS fact (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL, line INTEGER NOT NULL, "
       "kind TEXT NOT NULL, key TEXT NOT NULL, subject TEXT NOT NULL, item TEXT, criterion TEXT, rater TEXT, "
       "number REAL, at INTEGER, text TEXT, extra TEXT)");
  exec(db, "CREATE TABLE IF NOT EXISTS chunk (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL, line INTEGER NOT NULL, records INTEGER NOT NULL, facts BLOB NOT NULL)");
  const char *insert = r.packed ? "INSERT INTO chunk VALUES (?,?,?,?,?)" : "INSERT INTO fact VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
  if (sqlite3_prepare_v2(db, insert, -1, &r.insert, NULL) != SQLITE_OK) {
    fprintf(stderr, "%s\n", sqlite3_errmsg(db));
    return 1;
  }
  pthread_t inserter;
  if (r.threaded && pthread_create(&inserter, NULL, insert_chunks, r.insert) != 0) { fprintf(stderr, "no thread\n"); return 1; }
  char *buffer = malloc(1 << 20);
  for (int a = 2; a < argc; a++) {
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    FILE *f = fopen(argv[a], "rb");
    if (!f) { perror(argv[a]); return 1; }
    r.header = 1;
    r.line = 0;
    exec(db, "BEGIN");
    size_t n;
    while ((n = fread(buffer, 1, 1 << 20, f)) > 0) {
      if (csv_parse(&p, buffer, n, on_field, on_record, &r) != n) { fprintf(stderr, "%s\n", csv_strerror(csv_error(&p))); return 1; }
    }
    csv_fini(&p, on_field, on_record, &r);
    csv_free(&p);
    fclose(f);
    if (r.packed) flush_chunk(&r);
    if (r.threaded) drain();
    exec(db, "COMMIT");
  }
  if (r.threaded) {
    pthread_mutex_lock(&queue.lock);
    queue.done = 1;
    pthread_cond_broadcast(&queue.changed);
    pthread_mutex_unlock(&queue.lock);
    pthread_join(inserter, NULL);
  }
  sqlite3_finalize(r.insert);
  sqlite3_close(db);
  printf("%lld rows stored\n", r.id);
  free(r.chunk);
  return 0;
}
