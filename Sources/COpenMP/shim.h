// GNU OpenMP's runtime (libgomp), the one Debian's oneDNN runs on. dkm's own parallel loops use
// the same thread team, so the products and everything between them never compete for cores.
// Declared here rather than through <omp.h>, which lives in the compiler's own include folder.

// Runs fn(data) on num_threads threads of a team, the calling thread included; returns when all end.
void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags);
int omp_get_thread_num(void);
void omp_set_num_threads(int count);

// Dynamic scheduling inside a team: each thread asks for the next `chunk` of [start, end) until
// none is left (false), then leaves the loop without waiting for the others.
_Bool GOMP_loop_dynamic_start(long start, long end, long incr, long chunk, long *istart, long *iend);
_Bool GOMP_loop_dynamic_next(long *istart, long *iend);
void GOMP_loop_end_nowait(void);
