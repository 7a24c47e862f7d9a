#ifndef CANDOR_LIBFUZZER_DRIVER_H
#define CANDOR_LIBFUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry for programs that have their own main (defined by libclang_rt.fuzzer when a program is
   linked with -sanitize=fuzzer). SwiftPM names the executable's main itself, so candor-fuzz calls this. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
