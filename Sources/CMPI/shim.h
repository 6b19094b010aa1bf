// Open MPI's handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, ...) are macros over global
// structures, which Swift cannot import; these inline functions hand them over by value.
#include <mpi.h>

static inline MPI_Comm dkm_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype dkm_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype dkm_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype dkm_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Datatype dkm_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Op dkm_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op dkm_mpi_max(void) { return MPI_MAX; }
static inline MPI_Errhandler dkm_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Request dkm_mpi_request_null(void) { return MPI_REQUEST_NULL; }
static inline MPI_Status *dkm_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
static inline void *dkm_mpi_in_place(void) { return MPI_IN_PLACE; }
