# Sourced by the bench scripts: `machine_line PRECISION` prints the machine line of their tables' headers:
# cores, CPU model, the bf16 instructions the CPU offers (what `--precision auto|bf16` can use: AMX tiles
# first, then AVX-512 BF16, which `auto` uses on AMD CPUs only), and the precision asked for.
machine_line() {
    local cpu backend
    cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    if grep -q -w amx_bf16 /proc/cpuinfo; then
        backend="AMX-BF16"
    elif grep -q -w avx512_bf16 /proc/cpuinfo; then
        backend="AVX-512 BF16, no AMX"
    else
        backend="no bf16 instructions"
    fi
    echo "$(nproc) cores, $cpu ($backend); precision $1"
}
