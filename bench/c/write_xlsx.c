/* The writer's limit: write ROWS x COLS numbers (and an id string a row) with libxlsxwriter in
 * constant-memory mode. usage: write_xlsx ROWS COLS OUT.xlsx */
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: write_xlsx ROWS COLS OUT.xlsx\n"); return 2; }
  long rows = atol(argv[1]);
  int cols = atoi(argv[2]);
  lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
  lxw_workbook *wb = workbook_new_opt(argv[3], &options);
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Gradebook");
  char id[32];
  for (long r = 0; r < rows; r++) {
    snprintf(id, sizeof id, "u%ld", 3035000000L + r);
    worksheet_write_string(ws, (lxw_row_t)r, 0, id, NULL);
    for (int c = 1; c <= cols; c++) worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, (double)((r * 31 + c * 17) % 10000) / 100.0, NULL);
  }
  return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
