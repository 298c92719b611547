"""What the package needs to know of a shared library before loading it, from its ELF header and
dynamic section: whether this interpreter can load it at all (an ELF file of the interpreter's
class, byte order and machine) and the libraries it names (DT_NEEDED).

Only those bytes are read, each read bounded and checked against the file's size, so that a
wrong file (a text file, a multi-gigabyte one, a truncated one) is refused with a reason instead
of being read whole or handed to the dynamic loader.
"""
import os
import platform
import struct
import sys

# e_machine of the machines platform.machine() names.
_MACHINES = {"x86_64": 62, "amd64": 62, "aarch64": 183, "arm64": 183, "i386": 3, "i686": 3, "armv7l": 40,
             "ppc64le": 21, "ppc64": 21, "s390x": 22, "riscv64": 243, "loongarch64": 258}
ELF_MAGIC = b"\x7fELF"
ET_DYN = 3
PT_LOAD, PT_DYNAMIC = 1, 2
DT_NULL, DT_NEEDED, DT_STRTAB, DT_STRSZ = 0, 1, 5, 10
# Far above what a shared library's program headers, dynamic section or a DT_NEEDED name take.
MAX_TABLE_BYTES = 1 << 20
MAX_NAME_BYTES = 4096
# Per class (1: 32-bit, 2: 64-bit): the header after e_ident, a program header, a dynamic entry.
_LAYOUTS = {
    1: {"header": "HHIIIIIHHHHHH", "program": "IIIIIIII", "program_fields": (0, 1, 2, 4), "dynamic": "iI"},
    2: {"header": "HHIQQQIHHHHHH", "program": "IIQQQQQQ", "program_fields": (0, 2, 3, 5), "dynamic": "qQ"},
}


class NotLoadable(ValueError):
    """The file is no shared library this interpreter can load; the message says why."""


def host_machine():
    """The e_machine of the interpreter's machine, or None when the table does not know it."""
    return _MACHINES.get(platform.machine().lower())


class _Reader:
    """Bounded reads at absolute offsets of an open file."""

    def __init__(self, handle):
        self.handle, self.size = handle, os.fstat(handle.fileno()).st_size

    def read(self, offset, length, what):
        if length > MAX_TABLE_BYTES:
            raise NotLoadable(f"its {what} claims {length} bytes, more than {MAX_TABLE_BYTES} a library's takes")
        if offset < 0 or offset + length > self.size:
            raise NotLoadable(f"its {what} ({length} bytes at offset {offset}) lies beyond the end of the file "
                              f"({self.size} bytes)")
        self.handle.seek(offset)
        return self.handle.read(length)


def _check_ident(ident):
    if ident[:4] != ELF_MAGIC:
        raise NotLoadable(f"it is not an ELF file (it starts with {ident[:4]!r}, not {ELF_MAGIC!r})")
    bits, elf_bits = 8 * struct.calcsize("P"), {1: 32, 2: 64}.get(ident[4])
    if elf_bits != bits:
        raise NotLoadable(f"it is a {elf_bits or 'unknown'}-bit ELF file (EI_CLASS {ident[4]}); this interpreter is "
                          f"{bits}-bit")
    order = {1: "little", 2: "big"}.get(ident[5])
    if order != sys.byteorder:
        raise NotLoadable(f"it is a {order or 'unknown'}-endian ELF file (EI_DATA {ident[5]}); this machine is "
                          f"{sys.byteorder}-endian")


def _header(reader):
    """(class layout, e_phoff, e_phentsize, e_phnum) after checking e_ident, e_type and e_machine."""
    # A file shorter than e_ident is refused for what its first bytes are, not for its length.
    ident = reader.read(0, min(16, reader.size), "ELF identification").ljust(16, b"\0")
    _check_ident(ident)
    layout = _LAYOUTS[ident[4]]
    fields = struct.unpack("=" + layout["header"],
                           reader.read(16, struct.calcsize("=" + layout["header"]), "ELF header"))
    e_type, e_machine, e_phoff, e_phentsize, e_phnum = fields[0], fields[1], fields[4], fields[8], fields[9]
    if e_type != ET_DYN:
        raise NotLoadable(f"it is not a shared object (e_type {e_type}, not ET_DYN {ET_DYN})")
    if host_machine() is not None and e_machine != host_machine():
        raise NotLoadable(f"it is built for machine {e_machine}, this is {platform.machine()} "
                          f"(machine {host_machine()})")
    if e_phentsize != struct.calcsize("=" + layout["program"]):
        raise NotLoadable(f"its program headers are {e_phentsize} bytes each, not the ELF class's "
                          f"{struct.calcsize('=' + layout['program'])}")
    return layout, e_phoff, e_phentsize, e_phnum


def _segments(reader):
    """(layout, [(p_type, p_offset, p_vaddr, p_filesz)]) of the program headers."""
    layout, offset, entry_size, count = _header(reader)
    table = reader.read(offset, entry_size * count, "program header table")
    picked = layout["program_fields"]
    segments = []
    for fields in struct.iter_unpack("=" + layout["program"], table):
        segments.append(tuple(fields[i] for i in picked))
    return layout, segments


def _file_offset(segments, address, what):
    """The file offset of a virtual address, through the PT_LOAD segment holding it."""
    for p_type, p_offset, p_vaddr, p_filesz in segments:
        if p_type == PT_LOAD and p_vaddr <= address < p_vaddr + p_filesz:
            return address - p_vaddr + p_offset
    raise NotLoadable(f"its {what} address {address:#x} lies in no loaded segment")


def _dynamic_entries(reader, layout, segments):
    dynamic = [(p_offset, p_filesz) for p_type, p_offset, _, p_filesz in segments if p_type == PT_DYNAMIC]
    if not dynamic:
        raise NotLoadable("it has no dynamic section (PT_DYNAMIC): it is not a shared library")
    table = reader.read(*dynamic[0], "dynamic section")
    entry_size = struct.calcsize("=" + layout["dynamic"])
    entries = []
    for tag, value in struct.iter_unpack("=" + layout["dynamic"], table[:len(table) - len(table) % entry_size]):
        if tag == DT_NULL:
            break
        entries.append((tag, value))
    return entries


def _string(reader, table_offset, table_size, index):
    if index >= table_size:
        raise NotLoadable(f"a DT_NEEDED name at {index} lies outside its string table ({table_size} bytes)")
    chunk = reader.read(table_offset + index, min(MAX_NAME_BYTES, table_size - index), "DT_NEEDED name")
    end = chunk.find(b"\0")
    if end < 0:
        raise NotLoadable(f"a DT_NEEDED name at {index} has no end within {len(chunk)} bytes")
    return chunk[:end].decode(errors="replace")


def needed_libraries(path):
    """The DT_NEEDED names of the shared library at `path`, in order; NotLoadable with the reason
    when it is no shared library this interpreter can load."""
    with open(path, "rb") as handle:
        reader = _Reader(handle)
        layout, segments = _segments(reader)
        entries = _dynamic_entries(reader, layout, segments)
        values = dict(entries)
        needed = [value for tag, value in entries if tag == DT_NEEDED]
        if not needed:
            return []
        if DT_STRTAB not in values or DT_STRSZ not in values:
            raise NotLoadable("its dynamic section names libraries but has no string table (DT_STRTAB, DT_STRSZ)")
        table_offset = _file_offset(segments, values[DT_STRTAB], "DT_STRTAB")
        return [_string(reader, table_offset, values[DT_STRSZ], index) for index in needed]
