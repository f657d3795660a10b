/* The limit: parse a CSV file with libcsv (strict mode) and count records and fields. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

static void on_field(void *data, size_t len, void *ctx) { (void)data; (void)len; ((size_t *)ctx)[1]++; }
static void on_record(int c, void *ctx) { (void)c; ((size_t *)ctx)[0]++; }

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: parse_only FILE...\n"); return 2; }
  size_t counts[2] = {0, 0};
  char *buffer = malloc(1 << 20);
  for (int a = 1; a < argc; a++) {
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    FILE *f = fopen(argv[a], "rb");
    if (!f) { perror(argv[a]); return 1; }
    size_t n;
    while ((n = fread(buffer, 1, 1 << 20, f)) > 0) {
      if (csv_parse(&p, buffer, n, on_field, on_record, counts) != n) { fprintf(stderr, "%s\n", csv_strerror(csv_error(&p))); return 1; }
    }
    csv_fini(&p, on_field, on_record, counts);
    csv_free(&p);
    fclose(f);
  }
  printf("%zu records, %zu fields\n", counts[0], counts[1]);
  return 0;
}
