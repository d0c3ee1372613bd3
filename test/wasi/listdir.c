// Lists a directory (argv[1]) in name order, through fd_readdir, with each entry's kind.
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_name(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  DIR* directory = opendir(argv[1]);
  if (!directory) {
    perror("opendir");
    return 1;
  }
  char* names[256];
  int count = 0;
  struct dirent* entry;
  while ((entry = readdir(directory)) && count < 256) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    size_t size = strlen(entry->d_name) + 3;
    names[count] = malloc(size);
    snprintf(names[count++], size, "%s%s", entry->d_name, entry->d_type == DT_DIR ? "/" : "");
  }
  closedir(directory);
  qsort(names, (size_t)count, sizeof names[0], by_name);
  for (int i = 0; i < count; ++i) printf("%s\n", names[i]);
  printf("%d entries\n", count);
  return 0;
}
