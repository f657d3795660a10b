/* The bare C pipeline: the same work as the Python peers and `gradebook` (bench/README.md):
 * read sign-ups (slot -> student), staff scores (long form) and the peer forms export (wide form),
 * per student: staff mean and peer mean of the presentation criteria (normalised by 5),
 * presentation = 0.7 staff + 0.3 peer, written as a one-sheet XLSX with libxlsxwriter
 * (constant memory). Student ids are u<3035000000 + index>; slots W<week>-<n>.
 * Given a STORE written by store_only (the score files' rows in SQLite), the staff and peer
 * scores are read back from it instead of from the two files: the same work through a store,
 * as `gradebook import` then `gradebook export` do it. A store written by `store_only --packed2`
 * (4,096 records a blob) is read back chunk by chunk: the same work through a store in bulk.
 * With --spec-sheet, the sheet is shaped as SPEC §9's Gradebook sheet instead of four columns (as
 * gradebook's): id, name, e-mail and group, the item percents, each component and the total as a
 * formula over a Weights sheet with its cached value, and the letter by formula over a Scale sheet
 * (names, e-mails and groups made up from the index, as long as the synthetic course's; the formulas
 * as gradebook writes them; the few cells of the Weights and Scale sheets left out).
 * usage: pipeline [--spec-sheet] DATA_DIR STUDENTS PER_WEEK OUT.xlsx [STORE] */
#include <csv.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

typedef struct { double staff, peer; int staff_n, peer_n; } Tally;

typedef struct {
  int kind;          /* 0 sign-ups, 1 staff, 2 peers */
  int field, record;
  long student;      /* current row's student index */
  int per_week;
  long *slot_owner;  /* slot index -> student */
  Tally *tally;
  long students;
  char first[64];
} State;

static long student_index(const char *s, size_t len) {
  if (len < 2 || s[0] != 'u') return -1;
  return strtol(s + 1, NULL, 10) - 3035000000L;
}

static long slot_index(const char *s, size_t len, int per_week) {
  if (len < 4 || s[0] != 'W') return -1;
  char *end;
  long week = strtol(s + 1, &end, 10);
  if (*end != '-') return -1;
  long n = strtol(end + 1, NULL, 10);
  return (week - 3) * per_week + (n - 1);
}

static void on_field(void *data, size_t len, void *ctx) {
  State *st = ctx;
  const char *s = data ? data : "";
  if (st->record > 0) {
    if (st->kind == 0) {
      if (st->field == 0) st->student = student_index(s, len);
      if (st->field == 2) { long slot = slot_index(s, len, st->per_week); if (slot >= 0 && st->student >= 0) st->slot_owner[slot] = st->student; }
    } else if (st->kind == 1) {
      if (st->field == 0) st->student = student_index(s, len);
      if (st->field == 4 && len > 0 && st->student >= 0 && st->student < st->students) { st->tally[st->student].staff += atof(s) / 5; st->tally[st->student].staff_n++; }
    } else {
      if (st->field == 5) { long slot = slot_index(s, len, st->per_week); st->student = slot >= 0 ? st->slot_owner[slot] : -1; }
      if (st->field >= 6 && st->field <= 10 && len > 0 && st->student >= 0) { st->tally[st->student].peer += atof(s) / 5; st->tally[st->student].peer_n++; }
    }
  }
  st->field++;
}

static int read_chunks(sqlite3 *db, State *st);

/* The staff and peer tallies from store_only's rows: a score row's subject is the student, a
 * response row's subject the presentation cell (its slot first) and its points `c=points;...`;
 * then from its chunks, if it was written in bulk. */
static int read_store(const char *path, State *st) {
  sqlite3 *db;
  sqlite3_stmt *rows;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "SELECT kind, subject, number, extra FROM fact ORDER BY id", -1, &rows, NULL) != SQLITE_OK ||
      read_chunks(db, st) != 0) {
    fprintf(stderr, "%s: cannot read the store\n", path);
    return 1;
  }
  while (sqlite3_step(rows) == SQLITE_ROW) {
    const char *kind = (const char *)sqlite3_column_text(rows, 0);
    const char *subject = (const char *)sqlite3_column_text(rows, 1);
    size_t len = (size_t)sqlite3_column_bytes(rows, 1);
    if (kind[0] == 's') {
      long student = student_index(subject, len);
      if (student >= 0 && student < st->students && sqlite3_column_type(rows, 2) != SQLITE_NULL) {
        st->tally[student].staff += sqlite3_column_double(rows, 2) / 5;
        st->tally[student].staff_n++;
      }
    } else {
      long slot = slot_index(subject, len, st->per_week);
      long student = slot >= 0 ? st->slot_owner[slot] : -1;
      const char *points = (const char *)sqlite3_column_text(rows, 3);
      for (const char *p = points ? strchr(points, '=') : NULL; student >= 0 && p; p = strchr(p + 1, '=')) {
        if (p[1] != ';') { st->tally[student].peer += atof(p + 1) / 5; st->tally[student].peer_n++; }
      }
    }
  }
  sqlite3_finalize(rows);
  sqlite3_close(db);
  return 0;
}

/* A number stored as text without a terminator, read as atof would. */
static double number(const unsigned char *s, unsigned len) {
  char text[64];
  if (len >= sizeof text) len = sizeof text - 1;
  memcpy(text, s, len);
  text[len] = 0;
  return atof(text);
}

/* The tallies from store_only --packed's chunks: each record a field count, then each field's
 * length and bytes; a record of five fields is a staff score, a longer one a form response. */
static int read_chunks(sqlite3 *db, State *st) {
  sqlite3_stmt *chunks;
  if (sqlite3_prepare_v2(db, "SELECT records, facts FROM chunk ORDER BY id", -1, &chunks, NULL) != SQLITE_OK) return 1;
  const unsigned char *field[32];
  unsigned length[32];
  while (sqlite3_step(chunks) == SQLITE_ROW) {
    int records = sqlite3_column_int(chunks, 0);
    const unsigned char *at = sqlite3_column_blob(chunks, 1);
    for (int r = 0; r < records; r++) {
      int n;
      memcpy(&n, at, 4);
      at += 4;
      for (int f = 0; f < n; f++) {
        memcpy(&length[f], at, 4);
        field[f] = at + 4;
        at += 4 + length[f];
      }
      if (n == 5) {
        long student = student_index((const char *)field[0], length[0]);
        if (student >= 0 && student < st->students && length[4] > 0) {
          st->tally[student].staff += number(field[4], length[4]) / 5;
          st->tally[student].staff_n++;
        }
      } else if (n > 10) {
        long slot = slot_index((const char *)field[5], length[5], st->per_week);
        long student = slot >= 0 ? st->slot_owner[slot] : -1;
        for (int f = 6; student >= 0 && f <= 10; f++) {
          if (length[f] > 0) { st->tally[student].peer += number(field[f], length[f]) / 5; st->tally[student].peer_n++; }
        }
      }
    }
  }
  sqlite3_finalize(chunks);
  return 0;
}

static void on_record(int c, void *ctx) { (void)c; State *st = ctx; st->field = 0; st->record++; }

static int parse(const char *path, State *st) {
  struct csv_parser p;
  csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); return 1; }
  static char buffer[1 << 20];
  size_t n;
  st->field = st->record = 0;
  while ((n = fread(buffer, 1, sizeof buffer, f)) > 0) {
    if (csv_parse(&p, buffer, n, on_field, on_record, st) != n) { fprintf(stderr, "%s: %s\n", path, csv_strerror(csv_error(&p))); return 1; }
  }
  csv_fini(&p, on_field, on_record, st);
  csv_free(&p);
  fclose(f);
  return 0;
}

/* Student i's row of the SPEC-shaped sheet: sheet row i + 1 under the header, x in the formulas. */
static void write_spec_row(lxw_worksheet *ws, long i, double staff, double peer) {
  lxw_row_t row = (lxw_row_t)(i + 1);
  long x = i + 2;
  char s[512];
  snprintf(s, sizeof s, "u%ld", 3035000000L + i);
  worksheet_write_string(ws, row, 0, s, NULL);
  snprintf(s, sizeof s, "Müller Siu Ming %ld", i);
  worksheet_write_string(ws, row, 1, s, NULL);
  snprintf(s, sizeof s, "u%ld@connect.hku.hk", 3035000000L + i);
  worksheet_write_string(ws, row, 2, s, NULL);
  snprintf(s, sizeof s, "G%06ld", i / 2);
  worksheet_write_string(ws, row, 3, s, NULL);
  double presentation = (0.7 * staff + 0.3 * peer) * 100;
  worksheet_write_number(ws, row, 4, staff * 100, NULL);
  worksheet_write_number(ws, row, 5, peer * 100, NULL);
  worksheet_write_number(ws, row, 6, presentation, NULL);
  snprintf(s, sizeof s,
           "=IF(SUMPRODUCT(--(E%ld:G%ld<>\"\"),Weights!$B$4:$D$4)=0,\"\",SUMPRODUCT(E%ld:G%ld,Weights!$B$4:$D$4)/SUMPRODUCT(--(E%ld:G%ld<>\"\"),Weights!$B$4:$D$4))",
           x, x, x, x, x, x);
  worksheet_write_formula_num(ws, row, 8, s, NULL, presentation);
  snprintf(s, sizeof s,
           "=IF(SUMPRODUCT(--(H%ld:H%ld<>\"\"),Weights!$E$4:$E$4)=0,\"\",SUMPRODUCT(H%ld:H%ld,Weights!$E$4:$E$4)/SUMPRODUCT(--(H%ld:H%ld<>\"\"),Weights!$E$4:$E$4))",
           x, x, x, x, x, x);
  worksheet_write_formula_str(ws, row, 9, s, NULL, "");
  snprintf(s, sizeof s,
           "=IF(SUMPRODUCT(--(E%ld:H%ld<>\"\"),Weights!$B$4:$E$4)=0,\"\",SUMPRODUCT(E%ld:H%ld,Weights!$B$4:$E$4)/SUMPRODUCT(--(E%ld:H%ld<>\"\"),Weights!$B$4:$E$4))",
           x, x, x, x, x, x);
  worksheet_write_formula_num(ws, row, 10, s, NULL, presentation);
  snprintf(s, sizeof s, "=IF(K%ld=\"\",\"\",INDEX(Scale!$A$2:$A$13,COUNTIF(Scale!$B$2:$B$13,\">\"&ROUND(K%ld,2))+1))", x, x);
  worksheet_write_formula_str(ws, row, 11, s, NULL, presentation >= 65 ? "B-" : "C");
}

int main(int argc, char **argv) {
  int spec_sheet = argc > 1 && strcmp(argv[1], "--spec-sheet") == 0;
  argv += spec_sheet;
  argc -= spec_sheet;
  if (argc != 5 && argc != 6) { fprintf(stderr, "usage: pipeline [--spec-sheet] DATA_DIR STUDENTS PER_WEEK OUT.xlsx [STORE]\n"); return 2; }
  State st = {0};
  st.students = atol(argv[2]);
  st.per_week = atoi(argv[3]);
  st.slot_owner = malloc(sizeof(long) * (size_t)(st.per_week * 20));
  for (long i = 0; i < st.per_week * 20; i++) st.slot_owner[i] = -1;
  st.tally = calloc((size_t)st.students, sizeof(Tally));
  char path[4096];
  const char *files[] = {"signups.csv", "staff-scores.csv", "peer-forms.csv"};
  for (int k = 0; k < (argc == 6 ? 1 : 3); k++) {
    snprintf(path, sizeof path, "%s/%s", argv[1], files[k]);
    st.kind = k;
    if (parse(path, &st)) return 1;
  }
  if (argc == 6 && read_store(argv[5], &st)) return 1;
  lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
  lxw_workbook *wb = workbook_new_opt(argv[4], &options);
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Gradebook");
  const char *spec_header[] = {"student_id", "name", "email", "group", "staff", "peer", "presentation", "proposal",
                               "Paper Reading", "Project", "Total", "Letter"};
  const char *plain_header[] = {"student_id", "staff", "peer", "presentation"};
  for (int c = 0; c < (spec_sheet ? 12 : 4); c++) worksheet_write_string(ws, 0, (lxw_col_t)c, spec_sheet ? spec_header[c] : plain_header[c], NULL);
  char id[32];
  for (long i = 0; i < st.students; i++) {
    Tally t = st.tally[i];
    double staff = t.staff_n ? t.staff / t.staff_n : 0, peer = t.peer_n ? t.peer / t.peer_n : 0;
    if (spec_sheet) {
      write_spec_row(ws, i, staff, peer);
      continue;
    }
    snprintf(id, sizeof id, "u%ld", 3035000000L + i);
    worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, id, NULL);
    worksheet_write_number(ws, (lxw_row_t)(i + 1), 1, staff * 100, NULL);
    worksheet_write_number(ws, (lxw_row_t)(i + 1), 2, peer * 100, NULL);
    worksheet_write_number(ws, (lxw_row_t)(i + 1), 3, (0.7 * staff + 0.3 * peer) * 100, NULL);
  }
  return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
