# gemm_relaxed.wasm (src/engine/kernels/gemm_relaxed.c): the GEMM block loops with f32x4.relaxed_madd.
# emcc 3.1.6 cannot make it (LLVM 14 has no Relaxed SIMD; binaryen 108, which emcc's link step and clang's
# driver run as wasm-opt, rejects the standard opcodes: "invalid code after SIMD prefix"). The route that
# works with Debian's packages: clang-19 compiles with -c (so its driver never calls wasm-opt), wasm-ld-19
# links a freestanding module that imports the engine's memory, and scripts/check-relaxed-kernel.js checks it
# holds no data, uses no stack and exports only gemm_block (it must not own any of the memory it shares).
#   aeplay_relaxed_kernel(<target> <output .wasm>) adds the rule and a target that builds it.
find_program(AEPLAY_CLANG19 NAMES clang-19 REQUIRED DOC "clang 19 (Debian clang-19), for the Relaxed SIMD kernel")
find_program(AEPLAY_WASM_LD19 NAMES wasm-ld-19 REQUIRED DOC "wasm-ld 19 (Debian lld-19), for the Relaxed SIMD kernel")
find_program(AEPLAY_NODE NAMES node nodejs REQUIRED)
find_program(AEPLAY_WASM_OBJDUMP NAMES wasm-objdump REQUIRED DOC "wabt, for checking the kernel module")

function(aeplay_relaxed_kernel target output)
  set(src "${PROJECT_SOURCE_DIR}/src/engine/kernels/gemm_relaxed.c")
  set(obj "${CMAKE_CURRENT_BINARY_DIR}/${target}.o")
  add_custom_command(OUTPUT "${output}"
    COMMAND "${AEPLAY_CLANG19}" --target=wasm32 -O3 -msimd128 -mrelaxed-simd -ffreestanding -nostdlib
            -Wall -Wextra -Werror -c "${src}" -o "${obj}"
    COMMAND "${AEPLAY_WASM_LD19}" --no-entry --import-memory -z stack-size=0 --initial-memory=65536
            "${obj}" -o "${output}"
    COMMAND "${AEPLAY_NODE}" --experimental-wasm-relaxed-simd "${PROJECT_SOURCE_DIR}/scripts/check-relaxed-kernel.js" "${output}"
    DEPENDS "${src}" "${PROJECT_SOURCE_DIR}/src/engine/kernels/gemm_block.h"
            "${PROJECT_SOURCE_DIR}/scripts/check-relaxed-kernel.js"
    COMMENT "Relaxed SIMD GEMM kernel (clang-19 + wasm-ld-19): ${output}" VERBATIM)
  add_custom_target(${target} ALL DEPENDS "${output}")
endfunction()
