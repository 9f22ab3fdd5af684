# The Slurm scripts (scripts/slurm) end to end: a private one-node cluster on localhost (Debian's
# slurm-wlm and munge, started and stopped by slurm_cluster) runs a 4-shard corpus job array and
# its merge job, whose results must equal a single-process run. The cluster, both runs and the job
# logs are kept under the build tree.
find_program(BASH_EXECUTABLE bash REQUIRED)
add_test(NAME corpus_slurm
         COMMAND ${BASH_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/slurm_test.sh
                 $<TARGET_FILE:attnscope> ${ATTNSCOPE_SHARED_DIR}
                 ${ATTNSCOPE_TEST_SCRATCH}/corpus-slurm)
set_tests_properties(corpus_slurm PROPERTIES TIMEOUT 900)
