using System.Linq;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Rules;
using DoubleFetchAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>
    /// The configuration keys of SPEC section 5, read from .editorconfig sections and .globalconfig files: each key
    /// makes the analyzer report on code that carries no attribute, and the same code without the key reports nothing.
    /// Every configured test also checks that its entries resolve (no DF1000), so a typo in a test cannot pass as "off".
    /// </summary>
    public class ConfigurationTests
    {
        private const string SharedMemoryTypes = "double_fetch.shared_memory_types";
        private const string SharedMemoryMembers = "double_fetch.shared_memory_members";
        private const string SharedMemoryAccessors = "double_fetch.shared_memory_accessors";
        private const string UntrustedSources = "double_fetch.untrusted_sources";
        private const string Sanitizers = "double_fetch.sanitizers";
        private const string RevalidatingMethods = "double_fetch.revalidating_methods";
        private const string UntrustedPrefixes = "double_fetch.untrusted_prefixes";

        // ---- double_fetch.shared_memory_types ----

        private const string StructThroughPointer = """
            namespace Ns
            {
                public struct Header { public int Len; public int Kind; }

                public unsafe class Reader
                {
                    public int Read(Header* p, byte[] buffer)
                    {
                        if (p->Len > buffer.Length)
                            return 0;
                        return {|DF0001:p->Len|};
                    }
                }
            }
            """;

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_StructReachedThroughPointer_WhenTypeIsConfigured(bool configured)
            => OnOffAsync(StructThroughPointer, $"{SharedMemoryTypes} = T:Ns.Header", configured);

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_ClassPropertyReadTwice_WhenTypeIsConfigured(bool configured) => OnOffAsync(
            """
            namespace Ns
            {
                /// <summary>A view of a mapping: each property read reads the mapping.</summary>
                public sealed class MappedHeader
                {
                    public int Length { get; set; }
                    public int Kind { get; set; }
                }

                public class Reader
                {
                    public int Read(MappedHeader header, byte[] buffer)
                    {
                        if (header.Length > buffer.Length)
                            return header.Kind;
                        return {|DF0001:header.Length|};
                    }
                }
            }
            """,
            $"{SharedMemoryTypes} = T:Ns.MappedHeader",
            configured);

        [Theory]
        [InlineData("in Header h", "h.Len", "h.Len")]
        [InlineData("ref Header h", "h.Len", "h.Len")]
        [InlineData("System.ReadOnlySpan<Header> ring", "ring[3].Len", "ring[3].Len")]
        [InlineData("Header[] ring", "ring[3].Len", "ring[3].Len")]
        [InlineData("Header* p", "p[3].Len", "(p + 3)->Len")]
        public Task Reports_StructReachedThroughReferenceOrSpan_WhenTypeIsConfigured(string parameter, string first, string second) => ConfiguredAsync(
            $$"""
            namespace Ns
            {
                public struct Header { public int Len; }

                public unsafe class Reader
                {
                    public int Read({{parameter}}, byte[] buffer)
                    {
                        if ({{first}} > buffer.Length)
                            return 0;
                        return {|DF0001:{{second}}|};
                    }
                }
            }
            """,
            Section($"{SharedMemoryTypes} = T:Ns.Header"));

        [Fact]
        public Task NoDiagnostic_PrivateCopyOfConfiguredStruct() => ConfiguredAsync(
            """
            namespace Ns
            {
                public struct Header { public int Len; }

                public unsafe class Reader
                {
                    public int Read(Header* p, byte[] buffer)
                    {
                        Header copy = *p;
                        if (copy.Len > buffer.Length)
                            return 0;
                        return copy.Len;
                    }
                }
            }
            """,
            Section($"{SharedMemoryTypes} = T:Ns.Header"));

        [Fact]
        public Task NoDiagnostic_ReadonlyFieldOfConfiguredClass() => ConfiguredAsync(
            """
            namespace Ns
            {
                public sealed class MappedHeader
                {
                    public readonly int Capacity;
                    public MappedHeader(int capacity) => Capacity = capacity;
                }

                public class Reader
                {
                    public int Read(MappedHeader header, byte[] buffer)
                    {
                        if (header.Capacity > buffer.Length)
                            return 0;
                        return header.Capacity;
                    }
                }
            }
            """,
            Section($"{SharedMemoryTypes} = T:Ns.MappedHeader"));

        [Fact]
        public Task NoDiagnostic_TypeNotInTheList() => ConfiguredAsync(
            """
            namespace Ns
            {
                public struct Header { public int Len; }
                public struct Other { public int Len; }

                public unsafe class Reader
                {
                    public int Read(Other* p, byte[] buffer)
                    {
                        if (p->Len > buffer.Length)
                            return 0;
                        return p->Len;
                    }
                }
            }
            """,
            Section($"{SharedMemoryTypes} = T:Ns.Header"));

        [Fact]
        public Task Reports_EveryListedType() => ConfiguredAsync(
            """
            namespace Ns
            {
                public struct Header { public int Len; }
                public struct Trailer { public int Len; }

                public unsafe class Reader
                {
                    public int Read(Header* h, Trailer* t)
                    {
                        int a = h->Len + t->Len;
                        return a + {|DF0001:h->Len|} + {|DF0001:t->Len|};
                    }
                }
            }
            """,
            Section($"{SharedMemoryTypes} = T:Ns.Header | T:Ns.Trailer"));

        // ---- double_fetch.shared_memory_members ----

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_PointerField_WhenFieldIsConfigured(bool configured) => OnOffAsync(
            """
            namespace Ns
            {
                public struct Header { public int Len; }

                public unsafe class Channel
                {
                    private readonly Header* _header;
                    private readonly Header* _private;

                    public Channel(Header* header, Header* copy)
                    {
                        _header = header;
                        _private = copy;
                    }

                    public int Read(byte[] buffer)
                    {
                        if (_header->Len > buffer.Length || _private->Len > buffer.Length)
                            return 0;
                        return {|DF0001:_header->Len|} + _private->Len;
                    }
                }
            }
            """,
            $"{SharedMemoryMembers} = F:Ns.Channel._header",
            configured);

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_SpanProperty_WhenPropertyIsConfigured(bool configured) => OnOffAsync(
            """
            using System;

            namespace Ns
            {
                public sealed class Channel
                {
                    private readonly byte[] _bytes = new byte[64];

                    public Span<byte> Shared => _bytes;

                    public int Read(byte[] buffer)
                    {
                        if (Shared[0] >= buffer.Length)
                            return 0;
                        return {|DF0001:Shared[0]|};
                    }
                }
            }
            """,
            $"{SharedMemoryMembers} = P:Ns.Channel.Shared",
            configured);

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_MethodReturningPointer_WhenMethodIsConfigured(bool configured) => OnOffAsync(
            """
            namespace Ns
            {
                public struct Header { public int Len; }

                public unsafe class Channel
                {
                    private readonly Header* _mapping;

                    public Channel(Header* mapping) => _mapping = mapping;

                    public Header* Map() => _mapping;

                    public int Read(byte[] buffer)
                    {
                        Header* h = Map();
                        if (h->Len > buffer.Length)
                            return 0;
                        return {|DF0001:h->Len|};
                    }
                }
            }
            """,
            $"{SharedMemoryMembers} = M:Ns.Channel.Map",
            configured);

        [Fact]
        public Task NoDiagnostic_MemberNotInTheList() => ConfiguredAsync(
            """
            namespace Ns
            {
                public struct Header { public int Len; }

                public unsafe class Channel
                {
                    private readonly Header* _header;
                    private readonly Header* _copy;

                    public Channel(Header* header, Header* copy)
                    {
                        _header = header;
                        _copy = copy;
                    }

                    public int Read(byte[] buffer)
                    {
                        if (_copy->Len > buffer.Length)
                            return 0;
                        return _copy->Len + _header->Len;
                    }
                }
            }
            """,
            Section($"{SharedMemoryMembers} = F:Ns.Channel._header"));

        // ---- double_fetch.shared_memory_accessors ----

        private const string Ring = """
                public sealed class Ring
                {
                    private readonly int[] _words = new int[64];

                    public int GetInt(int offset) => _words[offset];

                    public int GetIntVolatile(int offset) => System.Threading.Volatile.Read(ref _words[offset]);
                }
            """;

        private const string Accessors = $"{SharedMemoryAccessors} = M:Ns.Ring.GetInt|M:Ns.Ring.GetIntVolatile";

        [Theory]
        [InlineData("GetInt(4)", "GetInt(4)")]
        [InlineData("GetInt(4)", "GetIntVolatile(4)")]
        [InlineData("GetIntVolatile(4)", "GetInt(4)")]
        [InlineData("GetIntVolatile(4)", "GetIntVolatile(4)")]
        [InlineData("GetInt(Head)", "GetInt(Head)")]
        [InlineData("GetInt(i)", "GetIntVolatile(i)")]
        [InlineData("GetInt(i + 4)", "GetInt(i + 4)")]
        public Task Reports_AccessorsOnSameReceiverWithEqualArguments(string first, string second) => ConfiguredAsync(
            $$"""
            namespace Ns
            {
            {{Ring}}

                public sealed class Device
                {
                    private const int Head = 4;
                    private readonly Ring _ring;

                    public Device(Ring ring) => _ring = ring;

                    public int Read(byte[] buffer, int i)
                    {
                        if (_ring.{{first}} > buffer.Length)
                            return 0;
                        return {|DF0001:_ring.{{second}}|};
                    }
                }
            }
            """,
            Section(Accessors, $"{SharedMemoryMembers} = F:Ns.Device._ring"));

        [Theory]
        [InlineData("_ring.GetInt(4)", "_ring.GetInt(8)")]
        [InlineData("_ring.GetInt(4)", "_ring.GetIntVolatile(8)")]
        [InlineData("_ring.GetInt(i)", "_ring.GetInt(j)")]
        [InlineData("_ring.GetInt(i)", "_ring.GetInt(i + 1)")]
        [InlineData("_ring.GetInt(4)", "_other.GetInt(4)")]
        [InlineData("_ring.GetInt(4)", "_other.GetIntVolatile(4)")]
        public Task NoDiagnostic_AccessorsAtDifferentLocations(string first, string second) => ConfiguredAsync(
            $$"""
            namespace Ns
            {
            {{Ring}}

                public sealed class Device
                {
                    private readonly Ring _ring;
                    private readonly Ring _other;

                    public Device(Ring ring, Ring other)
                    {
                        _ring = ring;
                        _other = other;
                    }

                    public int Read(byte[] buffer, int i, int j)
                    {
                        if ({{first}} > buffer.Length)
                            return 0;
                        return {{second}};
                    }
                }
            }
            """,
            Section(Accessors, $"{SharedMemoryTypes} = T:Ns.Ring"));

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_Accessor_WhenReceiverTypeIsShared(bool configured) => OnOffAsync(
            $$"""
            namespace Ns
            {
            {{Ring}}

                public sealed class Device
                {
                    private readonly Ring _ring;

                    public Device(Ring ring) => _ring = ring;

                    public int Read(byte[] buffer)
                    {
                        if (_ring.GetInt(4) > buffer.Length)
                            return 0;
                        return {|DF0001:_ring.GetIntVolatile(4)|};
                    }
                }
            }
            """,
            $"{Accessors}\n{SharedMemoryTypes} = T:Ns.Ring",
            configured);

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_Accessor_WhenReceiverFieldIsShared(bool configured) => OnOffAsync(
            $$"""
            namespace Ns
            {
            {{Ring}}

                public sealed class Device
                {
                    private readonly Ring _ring;
                    private readonly Ring _scratch;

                    public Device(Ring ring, Ring scratch)
                    {
                        _ring = ring;
                        _scratch = scratch;
                    }

                    public int Read(byte[] buffer)
                    {
                        if (_ring.GetInt(4) > buffer.Length || _scratch.GetInt(4) > buffer.Length)
                            return 0;
                        return {|DF0001:_ring.GetInt(4)|} + _scratch.GetInt(4);
                    }
                }
            }
            """,
            $"{Accessors}\n{SharedMemoryMembers} = F:Ns.Device._ring",
            configured);

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_Accessor_WhenReceiverPropertyIsShared(bool configured) => OnOffAsync(
            $$"""
            namespace Ns
            {
            {{Ring}}

                public sealed class Device
                {
                    public Device(Ring ring) => Registers = ring;

                    public Ring Registers { get; }

                    public int Read(byte[] buffer)
                    {
                        if (Registers.GetInt(4) > buffer.Length)
                            return 0;
                        return {|DF0001:Registers.GetInt(4)|};
                    }
                }
            }
            """,
            $"{Accessors}\n{SharedMemoryMembers} = P:Ns.Device.Registers",
            configured);

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_Accessor_WhenReceiverParameterIsShared(bool configured) => OnOffAsync(
            $$"""
            using DoubleFetch;

            namespace Ns
            {
            {{Ring}}

                public static class Device
                {
                    public static int Read([SharedMemory] Ring ring, Ring scratch, byte[] buffer)
                    {
                        if (ring.GetInt(4) > buffer.Length || scratch.GetInt(4) > buffer.Length)
                            return 0;
                        return {|DF0001:ring.GetInt(4)|} + scratch.GetInt(4);
                    }
                }
            }
            """,
            Accessors,
            configured);

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_Accessor_WhenReceiverLocalHoldsSharedField(bool configured) => OnOffAsync(
            $$"""
            namespace Ns
            {
            {{Ring}}

                public sealed class Device
                {
                    private readonly Ring _ring;

                    public Device(Ring ring) => _ring = ring;

                    public int Read(byte[] buffer)
                    {
                        var ring = _ring;
                        if (ring.GetInt(4) > buffer.Length)
                            return 0;
                        return {|DF0001:ring.GetInt(4)|};
                    }
                }
            }
            """,
            $"{Accessors}\n{SharedMemoryMembers} = F:Ns.Device._ring",
            configured);

        [Theory]
        [InlineData("GetInt(4)", "GetInt(4)")]
        [InlineData("this.GetInt(4)", "GetIntVolatile(4)")]
        [InlineData("GetIntVolatile(4)", "this.GetInt(4)")]
        public Task Reports_Accessor_OnThisInsideSharedType(string first, string second) => ConfiguredAsync(
            $$"""
            namespace Ns
            {
                public sealed class Ring
                {
                    private readonly int[] _words = new int[64];

                    public int GetInt(int offset) => _words[offset];

                    public int GetIntVolatile(int offset) => System.Threading.Volatile.Read(ref _words[offset]);

                    public int Pending(int capacity)
                    {
                        if ({{first}} > capacity)
                            return 0;
                        return {|DF0001:{{second}}|};
                    }
                }
            }
            """,
            Section(Accessors, $"{SharedMemoryTypes} = T:Ns.Ring"));

        [Fact]
        public Task NoDiagnostic_Accessor_OnThisInsideTypeThatIsNotShared() => ConfiguredAsync(
            """
            namespace Ns
            {
                public sealed class Ring
                {
                    private readonly int[] _words = new int[64];

                    public int GetInt(int offset) => _words[offset];

                    public int Pending(int capacity)
                    {
                        if (GetInt(4) > capacity)
                            return 0;
                        return GetInt(4);
                    }
                }
            }
            """,
            Section($"{SharedMemoryAccessors} = M:Ns.Ring.GetInt"));

        [Fact]
        public Task NoDiagnostic_Accessor_OnReceiverThatIsNotShared() => ConfiguredAsync(
            $$"""
            namespace Ns
            {
            {{Ring}}

                public struct Header { public int Len; }

                public sealed class Device
                {
                    private readonly Ring _ring;

                    public Device(Ring ring) => _ring = ring;

                    public Ring Property => _ring;

                    public int Read(Ring parameter, byte[] buffer)
                    {
                        var local = _ring;
                        if (_ring.GetInt(4) > buffer.Length || parameter.GetInt(4) > buffer.Length ||
                            Property.GetIntVolatile(4) > buffer.Length || local.GetInt(8) > buffer.Length)
                            return 0;
                        return _ring.GetInt(4) + parameter.GetInt(4) + Property.GetIntVolatile(4) + local.GetInt(8);
                    }
                }
            }
            """,
            Section(Accessors, $"{SharedMemoryTypes} = T:Ns.Header"));

        [Fact]
        public Task NoDiagnostic_StaticMethodListedAsAccessor() => ConfiguredAsync(
            """
            namespace Ns
            {
                public static class Registers
                {
                    public static int Read(int register) => register;
                }

                public sealed class Device
                {
                    public int Poll(byte[] buffer)
                    {
                        if (Registers.Read(4) > buffer.Length)
                            return 0;
                        return Registers.Read(4);
                    }
                }
            }
            """,
            Section($"{SharedMemoryAccessors} = M:Ns.Registers.Read", $"{SharedMemoryTypes} = T:Ns.Registers"));

        [Fact]
        public Task Reports_AccessorResultIsUntrusted() => ConfiguredAsync(
            $$"""
            namespace Ns
            {
            {{Ring}}

                public sealed class Device
                {
                    private readonly Ring _ring;
                    private readonly int[] _slots = new int[16];

                    public Device(Ring ring) => _ring = ring;

                    public int Slot()
                    {
                        int index = _ring.GetInt(4);
                        return _slots[{|#0:index|}];
                    }
                }
            }
            """,
            Section(Accessors, $"{SharedMemoryMembers} = F:Ns.Device._ring"),
            Diagnostic("DF0002").WithLocation(0).WithArguments("index", "_slots"));

        [Fact]
        public Task NoDiagnostic_MethodNotListedAsAccessor() => ConfiguredAsync(
            $$"""
            namespace Ns
            {
            {{Ring}}

                public sealed class Device
                {
                    private readonly Ring _ring;

                    public Device(Ring ring) => _ring = ring;

                    public int Read(byte[] buffer)
                    {
                        if (_ring.GetIntVolatile(4) > buffer.Length)
                            return 0;
                        return _ring.GetIntVolatile(4);
                    }
                }
            }
            """,
            Section($"{SharedMemoryAccessors} = M:Ns.Ring.GetInt", $"{SharedMemoryTypes} = T:Ns.Ring"));

        // ---- double_fetch.untrusted_sources ----

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_BinaryReaderResultIndexesArray_WhenMethodIsUntrustedSource(bool configured) => OnOffAsync(
            """
            using System.IO;

            namespace Ns
            {
                public sealed class Parser
                {
                    private readonly int[] _table = new int[16];

                    public int Parse(BinaryReader reader)
                    {
                        int index = reader.ReadInt32();
                        return _table[{|#0:index|}];
                    }
                }
            }
            """,
            $"{UntrustedSources} = M:System.IO.BinaryReader.ReadInt32",
            configured,
            Diagnostic("DF0002").WithLocation(0).WithArguments("index", "_table"));

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_FieldAndPropertyIndexArray_WhenMembersAreUntrustedSources(bool configured) => OnOffAsync(
            """
            namespace Ns
            {
                public sealed class Packet
                {
                    public int Slot;
                    public int Kind { get; set; }
                    public int Trusted;
                }

                public sealed class Dispatcher
                {
                    private readonly int[] _table = new int[16];

                    public int Dispatch(Packet packet)
                        => _table[{|#0:packet.Slot|}] + _table[{|#1:packet.Kind|}] + _table[packet.Trusted & 15];
                }
            }
            """,
            $"{UntrustedSources} = F:Ns.Packet.Slot|P:Ns.Packet.Kind",
            configured,
            Diagnostic("DF0002").WithLocation(0).WithArguments("packet.Slot", "_table"),
            Diagnostic("DF0002").WithLocation(1).WithArguments("packet.Kind", "_table"));

        [Fact]
        public Task NoDiagnostic_UntrustedSourceChecked() => ConfiguredAsync(
            """
            using System.IO;

            namespace Ns
            {
                public sealed class Parser
                {
                    private readonly int[] _table = new int[16];

                    public int Parse(BinaryReader reader)
                    {
                        int index = reader.ReadInt32();
                        if ((uint)index >= (uint)_table.Length)
                            throw new InvalidDataException();
                        return _table[index];
                    }
                }
            }
            """,
            Section($"{UntrustedSources} = M:System.IO.BinaryReader.ReadInt32"));

        // ---- double_fetch.sanitizers ----

        private const string Checks = """
                public static class Checks
                {
                    public static void Validate(int i)
                    {
                        if ((uint)i >= 16)
                            throw new System.ArgumentOutOfRangeException(nameof(i));
                    }

                    public static bool TryValidate(int i) => (uint)i < 16;

                    public static int Sanitize(int i) => (uint)i < 16 ? i : throw new System.ArgumentOutOfRangeException(nameof(i));
                }
            """;

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task NoDiagnostic_AfterVoidSanitizer_WhenConfigured(bool configured) => SanitizerAsync(
            """
                    Checks.Validate(untrusted_index);
                    return _table[{|#0:untrusted_index|}];
            """,
            "M:Ns.Checks.Validate",
            configured);

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task NoDiagnostic_OnTrueBranchOfBoolSanitizer_WhenConfigured(bool configured) => SanitizerAsync(
            """
                    if (!Checks.TryValidate(untrusted_index))
                        return -1;
                    return _table[{|#0:untrusted_index|}];
            """,
            "M:Ns.Checks.TryValidate(System.Int32)",
            configured);

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task NoDiagnostic_BoolSanitizerInPositiveCondition_WhenConfigured(bool configured) => SanitizerAsync(
            """
                    if (Checks.TryValidate(untrusted_index))
                        return _table[{|#0:untrusted_index|}];
                    return -1;
            """,
            "M:Ns.Checks.TryValidate",
            configured);

        [Theory]
        [InlineData("Checks.Validate(index);", "M:Ns.Checks.Validate")]
        [InlineData("if (!Checks.TryValidate(index)) return -1;", "M:Ns.Checks.TryValidate")]
        [InlineData("index = Checks.Sanitize(index);", "M:Ns.Checks.Sanitize")]
        [InlineData("Checks.Sanitize(index);", "M:Ns.Checks.Sanitize")]
        public Task NoDiagnostic_SanitizedValueFromUntrustedSource(string check, string sanitizer) => ConfiguredAsync(
            $$"""
            using System.IO;

            namespace Ns
            {
            {{Checks}}

                public sealed class Parser
                {
                    private readonly int[] _table = new int[16];

                    public int Parse(BinaryReader reader)
                    {
                        int index = reader.ReadInt32();
                        {{check}}
                        return _table[index];
                    }
                }
            }
            """,
            Section($"{UntrustedSources} = M:System.IO.BinaryReader.ReadInt32", $"{Sanitizers} = {sanitizer}"));

        [Fact]
        public Task Reports_OnFalseBranchOfBoolSanitizer() => ConfiguredAsync(
            $$"""
            namespace Ns
            {
            {{Checks}}

                public sealed class Table
                {
                    private readonly int[] _table = new int[16];

                    public int Get(int untrusted_index)
                    {
                        if (Checks.TryValidate(untrusted_index))
                            return 0;
                        return _table[{|DF0002:untrusted_index|}];
                    }
                }
            }
            """,
            Section($"{Sanitizers} = M:Ns.Checks.TryValidate"));

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task NoDiagnostic_ArgumentAndResultOfValueReturningSanitizer_WhenConfigured(bool configured) => SanitizerAsync(
            """
                    int index = Checks.Sanitize(untrusted_index);
                    return _table[index] + _table[{|#0:untrusted_index|}];
            """,
            "M:Ns.Checks.Sanitize",
            configured);

        [Fact]
        public Task Reports_SanitizedVariableAssignedAgain() => ConfiguredAsync(
            $$"""
            namespace Ns
            {
            {{Checks}}

                public sealed class Table
                {
                    private readonly int[] _table = new int[16];

                    public int Get(int untrusted_index, int untrusted_next)
                    {
                        Checks.Validate(untrusted_index);
                        int a = _table[untrusted_index];
                        untrusted_index = untrusted_next;
                        return a + _table[{|DF0002:untrusted_index|}];
                    }
                }
            }
            """,
            Section($"{Sanitizers} = M:Ns.Checks.Validate"));

        [Fact]
        public Task Reports_MethodNotListedAsSanitizer() => ConfiguredAsync(
            $$"""
            namespace Ns
            {
            {{Checks}}

                public sealed class Table
                {
                    private readonly int[] _table = new int[16];

                    public int Get(int untrusted_index)
                    {
                        Checks.Validate(untrusted_index);
                        return _table[{|DF0002:untrusted_index|}];
                    }
                }
            }
            """,
            Section($"{Sanitizers} = M:Ns.Checks.Sanitize"));

        // ---- double_fetch.revalidating_methods ----

        private const string Lock = """
                public struct Lock { public int Owner; }

                public static class Atomics
                {
                    public static int Cas(ref int location, int value, int comparand)
                        => System.Threading.Interlocked.CompareExchange(ref location, value, comparand);
                }
            """;

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_ResultOfConfiguredCasIsUntrusted_AndNoDoubleFetch(bool configured) => OnOffAsync(
            $$"""
            namespace Ns
            {
            {{Lock}}

                public unsafe class Locker
                {
                    private readonly int[] _owners = new int[16];

                    public int Take(Lock* l, int me)
                    {
                        if (l->Owner != 0)
                            return -1;
                        int previous = Atomics.Cas(ref l->Owner, me, 0);
                        return _owners[{|#0:previous|}];
                    }
                }
            }
            """,
            $"{SharedMemoryTypes} = T:Ns.Lock\n{RevalidatingMethods} = M:Ns.Atomics.Cas(System.Int32@,System.Int32,System.Int32)",
            configured,
            baseline: $"{SharedMemoryTypes} = T:Ns.Lock",
            Diagnostic("DF0002").WithLocation(0).WithArguments("previous", "_owners"));

        [Theory]
        [InlineData("CompareExchange(ref l->Owner, me, 0)")]
        [InlineData("Exchange(ref l->Owner, me)")]
        public Task Reports_InterlockedAlwaysRevalidates_BesideConfiguredMethods(string call) => ConfiguredAsync(
            $$"""
            using System.Threading;

            namespace Ns
            {
            {{Lock}}

                public unsafe class Locker
                {
                    private readonly int[] _owners = new int[16];

                    public int Take(Lock* l, int me)
                    {
                        if (l->Owner != 0)
                            return -1;
                        int previous = Interlocked.{{call}};
                        return _owners[{|#0:previous|}];
                    }
                }
            }
            """,
            Section($"{SharedMemoryTypes} = T:Ns.Lock", $"{RevalidatingMethods} = M:Ns.Atomics.Cas"),
            Diagnostic("DF0002").WithLocation(0).WithArguments("previous", "_owners"));

        [Fact]
        public Task NoDiagnostic_ReadAfterConfiguredCasIsFreshFetch() => ConfiguredAsync(
            $$"""
            namespace Ns
            {
            {{Lock}}

                public unsafe class Locker
                {
                    public int Take(Lock* l, int me)
                    {
                        int owner = l->Owner;
                        if (owner != 0)
                            return owner;
                        Atomics.Cas(ref l->Owner, me, owner);
                        return l->Owner;
                    }
                }
            }
            """,
            Section($"{SharedMemoryTypes} = T:Ns.Lock", $"{RevalidatingMethods} = M:Ns.Atomics.Cas"));

        // ---- double_fetch.untrusted_prefixes ----

        private const string PrefixedParameters = """
            namespace Ns
            {
                public sealed class Table
                {
                    private readonly int[] _items = new int[16];

                    public int Get(int hostile_a, int tainted_b, int untrusted_c, int plain_d)
                        => _items[{|#0:hostile_a|}] + _items[{|#1:tainted_b|}] + _items[{|#2:untrusted_c|}] + _items[plain_d];
                }
            }
            """;

        [Fact]
        public Task Reports_DefaultPrefixOnly_WithoutConfiguration() => UnconfiguredAsync(
            PrefixedParameters,
            Diagnostic("DF0002").WithLocation(2).WithArguments("untrusted_c", "_items"));

        [Fact]
        public Task Reports_ConfiguredPrefixReplacesDefault() => ConfiguredAsync(
            PrefixedParameters,
            Section($"{UntrustedPrefixes} = hostile_"),
            Diagnostic("DF0002").WithLocation(0).WithArguments("hostile_a", "_items"));

        [Fact]
        public Task Reports_SeveralConfiguredPrefixes() => ConfiguredAsync(
            PrefixedParameters,
            Section($"{UntrustedPrefixes} = hostile_|tainted_"),
            Diagnostic("DF0002").WithLocation(0).WithArguments("hostile_a", "_items"),
            Diagnostic("DF0002").WithLocation(1).WithArguments("tainted_b", "_items"));

        [Fact]
        public Task Reports_ConfiguredListKeepingTheDefault() => ConfiguredAsync(
            PrefixedParameters,
            Section($"{UntrustedPrefixes} = untrusted_ | hostile_"),
            Diagnostic("DF0002").WithLocation(0).WithArguments("hostile_a", "_items"),
            Diagnostic("DF0002").WithLocation(2).WithArguments("untrusted_c", "_items"));

        [Theory]
        [InlineData("hostile_index")]
        [InlineData("hostileIndex")]
        [InlineData("HostileIndex")]
        [InlineData("Hostile_index")]
        [InlineData("_hostileIndex")]
        [InlineData("_hostile_index")]
        public Task Reports_ConfiguredPrefixInEverySpelling(string name) => ConfiguredAsync(
            $$"""
            namespace Ns
            {
                public sealed class Table
                {
                    private readonly int[] _items = new int[16];
                    private int {{name}};

                    public void Set(int value) => {{name}} = value;

                    public int Get() => _items[{|#0:{{name}}|}];
                }
            }
            """,
            Section($"{UntrustedPrefixes} = hostile_"),
            Diagnostic("DF0002").WithLocation(0).WithArguments(name, "_items"));

        [Theory]
        [InlineData("hostility")]
        [InlineData("untrusted_index")]
        [InlineData("untrustedIndex")]
        public Task NoDiagnostic_NamesWithoutAConfiguredPrefix(string name) => ConfiguredAsync(
            $$"""
            namespace Ns
            {
                public sealed class Table
                {
                    private readonly int[] _items = new int[16];

                    public int Get(int {{name}}) => _items[{{name}}];
                }
            }
            """,
            Section($"{UntrustedPrefixes} = hostile_"));

        [Fact]
        public Task Reports_ConfiguredPrefixOnLocalFromLocal() => ConfiguredAsync(
            """
            namespace Ns
            {
                public sealed class Table
                {
                    private readonly int[] _items = new int[16];

                    public int Get(int[] input)
                    {
                        int tainted_index = input[0];
                        int copy = tainted_index;
                        return _items[{|#0:copy|}];
                    }
                }
            }
            """,
            Section($"{UntrustedPrefixes} = tainted_"),
            Diagnostic("DF0002").WithLocation(0).WithArguments("copy", "_items"));

        // ---- Documentation comment ID syntax ----

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_GenericType(bool configured) => OnOffAsync(
            """
            namespace Ns
            {
                public struct Ring<T> where T : unmanaged
                {
                    public int Head;
                    public T Item;
                }

                public unsafe class Reader
                {
                    public long Read(Ring<long>* p, Ring<int>* q, byte[] buffer)
                    {
                        if (p->Head > buffer.Length || q->Head > buffer.Length)
                            return 0;
                        return {|DF0001:p->Head|} + {|DF0001:q->Head|};
                    }
                }
            }
            """,
            $"{SharedMemoryTypes} = T:Ns.Ring`1",
            configured);

        [Fact]
        public Task NoDiagnostic_GenericTypeWithOtherArity() => ConfiguredAsync(
            """
            namespace Ns
            {
                public struct Ring<T> where T : unmanaged { public int Head; public T Item; }
                public struct Ring<T, U> where T : unmanaged where U : unmanaged { public int Head; }

                public unsafe class Reader
                {
                    public long Read(Ring<long, int>* p, byte[] buffer)
                    {
                        if (p->Head > buffer.Length)
                            return 0;
                        return p->Head;
                    }
                }
            }
            """,
            Section($"{SharedMemoryTypes} = T:Ns.Ring`1"));

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_FieldOfGenericType(bool configured) => OnOffAsync(
            """
            namespace Ns
            {
                public struct Header { public int Len; }

                public unsafe class Channel<T>
                {
                    private readonly Header* _header;

                    public Channel(Header* header) => _header = header;

                    public int Read(byte[] buffer)
                    {
                        if (_header->Len > buffer.Length)
                            return 0;
                        return {|DF0001:_header->Len|};
                    }
                }
            }
            """,
            $"{SharedMemoryMembers} = F:Ns.Channel`1._header",
            configured);

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task Reports_NestedType(bool configured) => OnOffAsync(
            """
            namespace Ns
            {
                public static class Outer
                {
                    public struct Inner { public int Len; }
                }

                public struct Inner { public int Len; }

                public unsafe class Reader
                {
                    public int Read(Outer.Inner* p, Inner* q, byte[] buffer)
                    {
                        if (p->Len > buffer.Length || q->Len > buffer.Length)
                            return 0;
                        return {|DF0001:p->Len|} + q->Len;
                    }
                }
            }
            """,
            $"{SharedMemoryTypes} = T:Ns.Outer.Inner",
            configured);

        private const string OverloadedDevice = """
                public sealed class Dev
                {
                    public int Read(int register) => register;
                    public int Read(long register) => (int)register;
                    public int Read(int register, int width) => register + width;
                    public T Read<T>(long position) where T : unmanaged => default;
                    public T Read<T>(int position) where T : unmanaged => default;
                }
            """;

        [Theory]
        [InlineData("M:Ns.Dev.Read(System.Int32)", new[] { 0 })]
        [InlineData("M:Ns.Dev.Read(System.Int64)", new[] { 1 })]
        [InlineData("M:Ns.Dev.Read(System.Int32,System.Int32)", new[] { 2 })]
        [InlineData("M:Ns.Dev.Read(System.Int32)|M:Ns.Dev.Read(System.Int64)", new[] { 0, 1 })]
        [InlineData("M:Ns.Dev.Read", new[] { 0, 1, 2, 3, 4 })]
        [InlineData("M:Ns.Dev.Read``1(System.Int64)", new[] { 3 })]
        [InlineData("M:Ns.Dev.Read``1(System.Int32)", new[] { 4 })]
        [InlineData("M:Ns.Dev.Read``1", new[] { 3, 4 })]
        public Task Reports_OnlyTheOverloadsTheIdNames(string id, int[] reported) => ConfiguredAsync(
            $$"""
            namespace Ns
            {
            {{OverloadedDevice}}

                public sealed class Driver
                {
                    private readonly int[] _table = new int[16];

                    public int Run(Dev dev)
                    {
                        int a = dev.Read(1);
                        int b = dev.Read(1L);
                        int c = dev.Read(1, 2);
                        int d = dev.Read<int>(1L);
                        int e = dev.Read<int>(1);
                        return _table[{|#0:a|}] + _table[{|#1:b|}] + _table[{|#2:c|}] + _table[{|#3:d|}] + _table[{|#4:e|}];
                    }
                }
            }
            """,
            Section($"{UntrustedSources} = {id}"),
            reported.Select(i => Diagnostic("DF0002").WithLocation(i).WithArguments("abcde"[i].ToString(), "_table")).ToArray());

        [Fact]
        public Task Reports_GenericMethodAsAccessor() => ConfiguredAsync(
            """
            namespace Ns
            {
                public sealed class View
                {
                    public T Read<T>(long position) where T : unmanaged => default;
                    public T Read<T>(int position) where T : unmanaged => default;
                }

                public sealed class Reader
                {
                    private readonly View _view;

                    public Reader(View view) => _view = view;

                    public int Get(byte[] buffer)
                    {
                        if (_view.Read<int>(8L) > buffer.Length || _view.Read<int>(8) > buffer.Length)
                            return 0;
                        return {|DF0001:_view.Read<int>(8L)|} + _view.Read<int>(8);
                    }
                }
            }
            """,
            Section($"{SharedMemoryAccessors} = M:Ns.View.Read``1(System.Int64)", $"{SharedMemoryTypes} = T:Ns.View"));

        // ---- Where the keys come from ----

        [Fact]
        public Task NoDiagnostic_SectionForOtherFiles() => RunAsync(
            TestMarkup.Parse(StructThroughPointer).Text,
            editorConfig: $"root = true\n[Other.cs]\n{SharedMemoryTypes} = T:Ns.Header\n[*.vb]\n{SharedMemoryTypes} = T:Ns.Header\n");

        [Fact]
        public Task Reports_SectionForThisFileByName() => RunAsync(
            StructThroughPointer,
            editorConfig: $"root = true\n[Test0.cs]\n{SharedMemoryTypes} = T:Ns.Header\n");

        [Fact]
        public Task Reports_SectionWithBraceGlob() => RunAsync(
            StructThroughPointer,
            editorConfig: $"root = true\n[*.{{cs,vb}}]\n{SharedMemoryTypes} = T:Ns.Header\n");

        private const string HelperFile = """
            namespace Ns
            {
                public unsafe class Helper
                {
                    public int Read(Header* p, byte[] buffer)
                    {
                        if (p->Len > buffer.Length)
                            return 0;
                        return {|DF0001:p->Len|};
                    }
                }
            }
            """;

        [Fact]
        public Task Reports_OnlyInFilesTheSectionMatches() => RunAsync(
            StructThroughPointer,
            editorConfig: $"root = true\n[Test0.cs]\n{SharedMemoryTypes} = T:Ns.Header\n",
            additionalFiles: new[] { ("Helper.cs", TestMarkup.Parse(HelperFile).Text) });

        [Fact]
        public Task Reports_OnlyInTheFolderTheSectionMatches() => RunAsync(
            TestMarkup.Parse(StructThroughPointer).Text,
            editorConfig: $"root = true\n[Drivers/**.cs]\n{SharedMemoryTypes} = T:Ns.Header\n",
            additionalFiles: new[] { ("/0/Drivers/Helper.cs", HelperFile) });

        [Fact]
        public Task Reports_KeysOfSeveralSectionsCombine() => RunAsync(
            """
            namespace Ns
            {
                public struct Header { public int Len; }

                public unsafe class Channel
                {
                    private readonly Header* _header;

                    public Channel(Header* header) => _header = header;

                    public int Read(Header* p, int hostile_i, byte[] buffer)
                    {
                        int a = _header->Len + p->Len;
                        return a + {|DF0001:_header->Len|} + {|DF0001:p->Len|} + buffer[{|#0:hostile_i|}];
                    }
                }
            }
            """,
            editorConfig: "root = true\n" +
                $"[*.cs]\n{SharedMemoryTypes} = T:Ns.Header\n" +
                $"[Test0.cs]\n{SharedMemoryMembers} = F:Ns.Channel._header\n" +
                $"[*0.cs]\n{UntrustedPrefixes} = hostile_\n",
            expected: new[] { Diagnostic("DF0002").WithLocation(0).WithArguments("hostile_i", "buffer") });

        [Fact]
        public Task Reports_GlobalConfigAppliesToAllFiles() => RunAsync(
            StructThroughPointer,
            globalConfig: $"{SharedMemoryTypes} = T:Ns.Header\n",
            additionalFiles: new[] { ("Helper.cs", HelperFile) });

        [Fact]
        public Task NoDiagnostic_NeitherConfigFile() => RunAsync(
            TestMarkup.Parse(StructThroughPointer).Text,
            additionalFiles: new[] { ("Helper.cs", TestMarkup.Parse(HelperFile).Text) });

        [Fact]
        public Task Reports_EditorConfigSectionWinsOverGlobalConfig() => RunAsync(
            """
            namespace Ns
            {
                public struct Header { public int Len; }
                public struct Trailer { public int Len; }

                public unsafe class Reader
                {
                    public int Read(Header* h, Trailer* t)
                    {
                        int a = h->Len + t->Len;
                        return a + h->Len + {|DF0001:t->Len|};
                    }
                }
            }
            """,
            editorConfig: $"root = true\n[*.cs]\n{SharedMemoryTypes} = T:Ns.Trailer\n",
            globalConfig: $"{SharedMemoryTypes} = T:Ns.Header\n");

        [Fact]
        public Task Reports_KeysFromEditorConfigAndGlobalConfigCombine() => RunAsync(
            """
            namespace Ns
            {
                public struct Header { public int Len; }

                public sealed class Table
                {
                    private readonly int[] _items = new int[16];

                    public unsafe int Get(Header* h, int hostile_i)
                    {
                        int a = h->Len;
                        return a + {|DF0001:h->Len|} + _items[{|#0:hostile_i|}];
                    }
                }
            }
            """,
            editorConfig: $"root = true\n[*.cs]\n{SharedMemoryTypes} = T:Ns.Header\n",
            globalConfig: $"{UntrustedPrefixes} = hostile_\n",
            expected: new[] { Diagnostic("DF0002").WithLocation(0).WithArguments("hostile_i", "_items") });

        [Fact]
        public Task Reports_KeyNamesAreCaseInsensitive() => RunAsync(
            StructThroughPointer,
            editorConfig: "root = true\n[*.cs]\nDouble_Fetch.Shared_Memory_Types = T:Ns.Header\n");

        [Fact]
        public Task Reports_LaterSectionWinsForTheSameKey() => RunAsync(
            StructThroughPointer,
            editorConfig: $"root = true\n[*.cs]\n{SharedMemoryTypes} = T:Ns.Other\n[Test0.cs]\n{SharedMemoryTypes} = T:Ns.Header\n",
            additionalFiles: new[] { ("Other.cs", "namespace Ns { public struct Other { public int Len; } }") });

        // ---- Helpers ----

        /// <summary>An .editorconfig with one [*.cs] section holding these lines.</summary>
        private static string Section(params string[] lines) => "root = true\n[*.cs]\n" + string.Join("\n", lines) + "\n";

        /// <summary>
        /// With the key: the markup's diagnostics (and <paramref name="expected"/>), and every entry resolves. Without it
        /// (or with only <paramref name="baseline"/>): the same code reports nothing.
        /// </summary>
        private static Task OnOffAsync(string markup, string keys, bool configured, params DiagnosticResult[] expected)
            => OnOffAsync(markup, keys, configured, baseline: null, expected);

        private static Task OnOffAsync(string markup, string keys, bool configured, string? baseline, params DiagnosticResult[] expected)
        {
            if (configured)
            {
                return ConfiguredAsync(markup, Section(keys), expected);
            }

            var code = TestMarkup.Parse(markup).Text;
            return baseline is null ? RunAsync(code) : ConfiguredAsync(code, Section(baseline));
        }

        private static Task SanitizerAsync(string body, string id, bool configured)
        {
            var code = $$"""
                namespace Ns
                {
                {{Checks}}

                    public sealed class Table
                    {
                        private readonly int[] _table = new int[16];

                        public int Get(int untrusted_index)
                        {
                {{body}}
                        }
                    }
                }
                """;
            return configured
                ? ConfiguredAsync(code, Section($"{Sanitizers} = {id}"))
                : UnconfiguredAsync(code, Diagnostic("DF0002").WithLocation(0).WithArguments("untrusted_index", "_table"));
        }

        private static Task UnconfiguredAsync(string markup, params DiagnosticResult[] expected) => RunAsync(markup, expected: expected);

        /// <summary>Runs the analyzer with the configuration, and checks that the configuration has no bad entry.</summary>
        private static async Task ConfiguredAsync(string markup, string editorConfig, params DiagnosticResult[] expected)
        {
            await RunAsync(markup, editorConfig, expected: expected);
            await NoConfigurationErrorsAsync(TestMarkup.Parse(markup).Text, editorConfig);
        }

        private static Task RunAsync(
            string markup,
            string? editorConfig = null,
            string? globalConfig = null,
            (string Name, string Markup)[]? additionalFiles = null,
            DiagnosticResult[]? expected = null)
        {
            var test = new AnalyzerTest { TestCode = markup, EditorConfig = editorConfig, GlobalConfig = globalConfig };
            foreach (var (name, fileMarkup) in additionalFiles ?? System.Array.Empty<(string, string)>())
            {
                var parsed = TestMarkup.Parse(fileMarkup);
                test.AdditionalSources.Add((name, parsed.Text));
                var lines = SourceText.From(parsed.Text).Lines;
                foreach (var marked in parsed.Diagnostics)
                {
                    var span = lines.GetLinePositionSpan(marked.Span);
                    test.ExpectedDiagnostics.Add(Diagnostic(marked.Id ?? "DF0001").WithSpan(
                        name.StartsWith("/", System.StringComparison.Ordinal) ? name : CSharpVerifierTest<SharedMemoryAnalyzer>.Folder + name,
                        span.Start.Line + 1,
                        span.Start.Character + 1,
                        span.End.Line + 1,
                        span.End.Character + 1));
                }
            }

            test.ExpectedDiagnostics.AddRange(expected ?? System.Array.Empty<DiagnosticResult>());
            return test.RunAsync();
        }

        private static Task NoConfigurationErrorsAsync(string code, string editorConfig)
        {
            var test = new CSharpAnalyzerVerifier<ConfigurationAnalyzer>.Test { TestCode = code, EditorConfig = editorConfig };
            test.AdditionalSources.Add((AttributesFile, AttributesSource));
            return test.RunAsync();
        }
    }
}
