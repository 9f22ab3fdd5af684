// Compiled into every test program and the attnscope binary of the ASan build
// (ATTNSCOPE_SANITIZE). Fontconfig keeps its parsed configuration and pattern caches for the life
// of the process (cairo looks DejaVu Sans up through it); LeakSanitizer reports those at exit.
// They are the library's, allocated once, not ours.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
