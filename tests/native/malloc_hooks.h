// Replaces the C allocator of a test program (test_alloc, test_train_memory) with wrappers around glibc's own
// functions that report every block to the including file's two hooks:
//   void on_alloc(void* block, size_t requested);  // after a successful or failed (nullptr) allocation
//   void on_free(void* block);                      // before a block is given back (nullptr is passed too)
// realloc reports the old block freed and the new one allocated. Include it in exactly one file of a binary,
// after declaring the hooks; not under the sanitizers, which replace the allocator themselves.
#pragma once
#include <cerrno>
#include <cstddef>

void on_alloc(void* block, size_t requested);
void on_free(void* block);

extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void __libc_free(void*);

void* malloc(size_t n) { void* p = __libc_malloc(n); on_alloc(p, n); return p; }
void* calloc(size_t a, size_t b) { void* p = __libc_calloc(a, b); on_alloc(p, a * b); return p; }
void* realloc(void* old, size_t n) {
  on_free(old);
  void* p = __libc_realloc(old, n);
  on_alloc(p ? p : (n ? old : nullptr), n);  // a failed realloc leaves the old block in place
  return p;
}
void free(void* p) { on_free(p); __libc_free(p); }
void* memalign(size_t al, size_t n) { void* p = __libc_memalign(al, n); on_alloc(p, n); return p; }
void* aligned_alloc(size_t al, size_t n) { void* p = __libc_memalign(al, n); on_alloc(p, n); return p; }
int posix_memalign(void** out, size_t al, size_t n) {
  *out = __libc_memalign(al, n);
  on_alloc(*out, n);
  return *out ? 0 : ENOMEM;
}
}
