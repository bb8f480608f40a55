using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using static System.FormattableString;

// This file has no dependency beyond the base class library: the test project compiles it too (linked), to check that
// the workloads the benchmark measures are meaningful.
namespace DoubleFetchAnalyzers.Benchmarks
{
    /// <summary>One generated source file of a workload.</summary>
    public sealed class WorkloadFile
    {
        public WorkloadFile(string path, string text)
        {
            Path = path;
            Text = text;
        }

        public string Path { get; }

        public string Text { get; }
    }

    /// <summary>A generated compilation's sources, and what the generator knows about them.</summary>
    public sealed class Workload
    {
        public Workload(string name, IReadOnlyList<WorkloadFile> files, int methodCount, IReadOnlyCollection<string> sourceMethods)
        {
            Name = name;
            Files = files;
            MethodCount = methodCount;
            SourceMethods = sourceMethods;
        }

        /// <summary>A short name for tables: <c>a-ordinary</c>, <c>b-5pct-sources</c>, <c>c-1000</c>.</summary>
        public string Name { get; }

        public IReadOnlyList<WorkloadFile> Files { get; }

        /// <summary>The generated methods (constructors, properties and the attribute declarations not counted).</summary>
        public int MethodCount { get; }

        /// <summary>The methods that read shared memory or untrusted values, as <c>Namespace.Type.Method</c>.</summary>
        public IReadOnlyCollection<string> SourceMethods { get; }

        public override string ToString() => Name;
    }

    /// <summary>
    /// Generates the benchmark's workloads from fixed seeds. The same seed always gives the same text, on every runtime
    /// (the generator has its own random number generator and formats numbers invariantly).
    /// </summary>
    public static class WorkloadGenerator
    {
        public const int DefaultSeed = 20_251_122;

        /// <summary>Workloads (a) and (b): classes of ordinary code.</summary>
        public const int ProjectClassCount = 2_000;

        /// <summary>Workload (b): the share of methods that read a source.</summary>
        public const double SourceMethodShare = 0.05;

        /// <summary>Workload (c): statements in the single dense method.</summary>
        public static IReadOnlyList<int> MethodSizes { get; } = new[] { 250, 1_000, 4_000 };

        public const string AttributesPath = "DoubleFetch.Attributes.g.cs";

        /// <summary>The attributes as the package's generator adds them to every project that uses it.</summary>
        public const string AttributesText = """
            namespace DoubleFetch
            {
                [System.AttributeUsage(System.AttributeTargets.Struct | System.AttributeTargets.Class | System.AttributeTargets.Field | System.AttributeTargets.Property | System.AttributeTargets.Parameter | System.AttributeTargets.ReturnValue)]
                internal sealed class SharedMemoryAttribute : System.Attribute { }

                [System.AttributeUsage(System.AttributeTargets.Field | System.AttributeTargets.Property | System.AttributeTargets.Parameter | System.AttributeTargets.ReturnValue)]
                internal sealed class UntrustedAttribute : System.Attribute { }
            }
            """;

        private const string CommonPath = "Common.cs";

        private const string CommonText = """
            namespace Workload.Common
            {
                public enum Status { Pending, Active, Suspended, Closed }

                public sealed record Item(string Name, int Quantity, decimal Price, Status Status);

                public readonly record struct Point(double X, double Y);
            }
            """;

        private const string SharedPath = "Shared.cs";

        private const string SharedText = """
            using System.Runtime.InteropServices;
            using DoubleFetch;

            namespace Workload.Shared
            {
                /// <summary>The producer/consumer header of a ring another process writes.</summary>
                [SharedMemory]
                [StructLayout(LayoutKind.Sequential)]
                public struct RingHeader
                {
                    public uint Producer;
                    public uint Consumer;
                    public int Length;
                    public int Kind;
                }

                /// <summary>One slot of the ring.</summary>
                [SharedMemory]
                [StructLayout(LayoutKind.Sequential)]
                public struct Descriptor
                {
                    public int Slot;
                    public int Length;
                    public ushort Id;
                    public byte Flags;
                }

                /// <summary>A message in a mailbox.</summary>
                [SharedMemory]
                [StructLayout(LayoutKind.Sequential)]
                public struct Message
                {
                    public int Kind;
                    public int Length;
                    public int Offset;
                }
            }
            """;

        private static readonly string[] Nouns =
        {
            "Order", "Invoice", "Sensor", "Route", "Ledger", "Catalog", "Session", "Report", "Schedule", "Metric",
            "Account", "Shipment", "Profile", "Budget", "Gateway", "Archive", "Ticket", "Survey", "Tariff", "Journal",
        };

        /// <summary>(a): <see cref="ProjectClassCount"/> classes of ordinary code that touch no source.</summary>
        public static Workload Ordinary(int seed = DefaultSeed, int classCount = ProjectClassCount) =>
            Project("a-ordinary", seed, classCount, withSources: false);

        /// <summary>(b): the classes of (a), with <see cref="SourceMethodShare"/> of their methods replaced by methods that read sources.</summary>
        public static Workload WithSources(int seed = DefaultSeed, int classCount = ProjectClassCount) =>
            Project("b-5pct-sources", seed, classCount, withSources: true);

        /// <summary>(c): one class with one method of <paramref name="statements"/> statements, dense with fetches, checks and branches.</summary>
        public static Workload LargeMethod(int statements, int seed = DefaultSeed)
        {
            if (statements < 8)
            {
                throw new ArgumentOutOfRangeException(nameof(statements), "A dense method needs at least 8 statements.");
            }

            var generator = new DenseMethodWriter(new Rng(seed, 0xC0DE, statements));
            var text = generator.Write(statements);
            var files = new[]
            {
                new WorkloadFile(AttributesPath, AttributesText),
                new WorkloadFile(SharedPath, SharedText),
                new WorkloadFile("Dense.cs", text),
            };
            return new Workload("c-" + statements.ToString(CultureInfo.InvariantCulture), files, 1, new[] { DenseMethodWriter.QualifiedName });
        }

        // ---- Workloads (a) and (b) ----

        private static Workload Project(string name, int seed, int classCount, bool withSources)
        {
            // The plan (class names, method templates and constants) depends only on the seed, so (a) and (b) share it.
            var plans = new ClassPlan[classCount];
            var methodCount = 0;
            for (var i = 0; i < classCount; i++)
            {
                plans[i] = ClassPlan.Create(new Rng(seed, 0xA, i), i);
                methodCount += plans[i].Methods.Length;
            }

            // Exactly the share of method slots, chosen by a partial shuffle.
            var sourceSlots = new HashSet<int>();
            var sourceTemplates = new Dictionary<int, int>();
            if (withSources)
            {
                var selection = new Rng(seed, 0xB, 0);
                var slots = new int[methodCount];
                for (var i = 0; i < slots.Length; i++)
                {
                    slots[i] = i;
                }

                var wanted = (int)Math.Round(methodCount * SourceMethodShare);
                for (var i = 0; i < wanted; i++)
                {
                    var j = i + selection.Next(slots.Length - i);
                    (slots[i], slots[j]) = (slots[j], slots[i]);
                    sourceSlots.Add(slots[i]);
                    sourceTemplates[slots[i]] = selection.Next(SourceMethods.TemplateCount);
                }
            }

            var files = new List<WorkloadFile>(classCount + 3) { new(AttributesPath, AttributesText), new(CommonPath, CommonText) };
            if (withSources)
            {
                files.Add(new WorkloadFile(SharedPath, SharedText));
            }

            var sourceMethods = new List<string>();
            var slot = 0;
            foreach (var plan in plans)
            {
                var text = new StringBuilder(4096);
                var methods = new StringBuilder(4096);
                var hasSource = false;
                for (var m = 0; m < plan.Methods.Length; m++, slot++)
                {
                    methods.Append('\n');
                    if (sourceSlots.Contains(slot))
                    {
                        var methodName = SourceMethods.Write(methods, sourceTemplates[slot], plan.Methods[m], m);
                        sourceMethods.Add(plan.Namespace + "." + plan.ClassName + "." + methodName);
                        hasSource = true;
                    }
                    else
                    {
                        OrdinaryMethods.Write(methods, plan, plan.Methods[m], m);
                    }
                }

                text.Append("""
                    using System;
                    using System.Collections.Generic;
                    using System.Globalization;
                    using System.IO;
                    using System.Linq;
                    using System.Text;
                    using System.Threading.Tasks;
                    using Workload.Common;

                    """);
                if (hasSource)
                {
                    text.Append("""
                        using DoubleFetch;
                        using Workload.Shared;

                        """);
                }

                text.Append(CultureInfo.InvariantCulture, $$"""

                    namespace {{plan.Namespace}}
                    {
                        public sealed class {{plan.ClassName}}
                        {
                            private readonly List<Item> _items = new();
                            private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
                            private readonly int[] _values;
                            private double _scale;

                            public {{plan.ClassName}}(IEnumerable<Item> items, int size, double scale)
                            {
                                _items.AddRange(items);
                                _values = new int[size];
                                for (int i = 0; i < _values.Length; i++)
                                {
                                    _values[i] = (i * {{plan.Multiplier}}) % {{plan.Modulus}};
                                }

                                _scale = scale;
                            }

                            public string Name { get; set; } = "{{plan.ClassName}}";

                            public int Count => _items.Count;

                            public double Scale
                            {
                                get => _scale;
                                set
                                {
                                    if (value <= 0)
                                    {
                                        throw new ArgumentOutOfRangeException(nameof(value), value, "The scale must be positive.");
                                    }

                                    _scale = value;
                                }
                            }
                    """);
                text.Append(methods);
                text.Append("""
                        }
                    }

                    """);
                files.Add(new WorkloadFile($"{plan.Namespace.Replace('.', '/')}/{plan.ClassName}.cs", text.ToString()));
            }

            return new Workload(name, files, methodCount, sourceMethods);
        }

        private sealed class ClassPlan
        {
            private ClassPlan(string ns, string className, int multiplier, int modulus, MethodPlan[] methods)
            {
                Namespace = ns;
                ClassName = className;
                Multiplier = multiplier;
                Modulus = modulus;
                Methods = methods;
            }

            public string Namespace { get; }

            public string ClassName { get; }

            public int Multiplier { get; }

            public int Modulus { get; }

            public MethodPlan[] Methods { get; }

            public static ClassPlan Create(Rng rng, int index)
            {
                var ns = "Workload.Module" + (index / 100).ToString("00", CultureInfo.InvariantCulture);
                var className = Nouns[rng.Next(Nouns.Length)] + index.ToString("0000", CultureInfo.InvariantCulture);
                var methods = new MethodPlan[2 + rng.Next(3)];
                for (var m = 0; m < methods.Length; m++)
                {
                    methods[m] = new MethodPlan(rng.Next(OrdinaryMethods.TemplateCount), 2 + rng.Next(9), 3 + rng.Next(40), 10 + rng.Next(90));
                }

                return new ClassPlan(ns, className, 3 + rng.Next(30), 97 + rng.Next(900), methods);
            }
        }

        /// <summary>A method slot: its template and three small constants the template uses.</summary>
        private readonly struct MethodPlan
        {
            public MethodPlan(int template, int small, int medium, int large)
            {
                Template = template;
                Small = small;
                Medium = medium;
                Large = large;
            }

            public int Template { get; }

            public int Small { get; }

            public int Medium { get; }

            public int Large { get; }
        }

        /// <summary>Ordinary code: loops over arrays by their counters, LINQ, formatting, branches, local functions, lambdas.</summary>
        private static class OrdinaryMethods
        {
            public const int TemplateCount = 14;

            public static void Write(StringBuilder text, ClassPlan plan, MethodPlan method, int m)
            {
                // Pre-formatted: the templates below are plain interpolated strings.
                var s = Format(method.Small);
                var md = Format(method.Medium);
                var l = Format(method.Large);
                var digits = Format(method.Small % 4);
                var modulus = Format(plan.Modulus);
                text.Append(method.Template switch
                {
                    0 => $$"""
                                public long SumValues{{m}}(int start)
                                {
                                    long total = 0;
                                    for (int i = Math.Max(start, 0); i < _values.Length; i++)
                                    {
                                        if (_values[i] % {{s}} == 0)
                                        {
                                            continue;
                                        }

                                        total += _values[i] * {{md}};
                                    }

                                    return total;
                                }

                        """,
                    1 => $$"""
                                public IReadOnlyList<string> TopNames{{m}}(int count, decimal minimum)
                                {
                                    return _items
                                        .Where(item => item.Price >= minimum && item.Status != Status.Closed)
                                        .OrderByDescending(item => item.Quantity * item.Price)
                                        .ThenBy(item => item.Name, StringComparer.Ordinal)
                                        .Take(count + {{s}})
                                        .Select(item => item.Name.ToUpperInvariant())
                                        .ToList();
                                }

                        """,
                    2 => $$"""
                                public string Describe{{m}}(CultureInfo culture)
                                {
                                    var builder = new StringBuilder();
                                    builder.Append(CultureInfo.InvariantCulture, $"{Name}: {_items.Count} items, scale {_scale:F{{digits}}}");
                                    foreach (var item in _items)
                                    {
                                        builder.AppendLine().Append(string.Format(culture, "{0,-{{md}}} {1,6} {2,10:C}", item.Name, item.Quantity, item.Price));
                                    }

                                    return builder.ToString();
                                }

                        """,
                    3 => $$"""
                                public int Classify{{m}}(Item item, int threshold)
                                {
                                    switch (item.Status)
                                    {
                                        case Status.Pending:
                                            return item.Quantity > threshold ? 1 : 0;
                                        case Status.Active when item.Price > {{l}}m:
                                            return 2;
                                        case Status.Suspended:
                                        case Status.Closed:
                                            return -1;
                                        default:
                                            return item.Quantity switch { 0 => 0, < {{md}} => 3, _ => 4 };
                                    }
                                }

                        """,
                    4 => $$"""
                                public int Depth{{m}}(int n)
                                {
                                    var memo = new Dictionary<int, int>();
                                    return Walk(n);

                                    int Walk(int k)
                                    {
                                        if (k <= 1)
                                        {
                                            return k;
                                        }

                                        if (memo.TryGetValue(k, out var known))
                                        {
                                            return known;
                                        }

                                        var result = (Walk(k - 1) + Walk(k - 2)) % {{l}};
                                        memo[k] = result;
                                        return result;
                                    }
                                }

                        """,
                    5 => $$"""
                                public int[] Transform{{m}}(int offset)
                                {
                                    Func<int, int> shift = x => x + offset;
                                    Func<int, bool> keep = x => x % {{s}} != 0;
                                    var result = Array.ConvertAll(_values, x => shift(x) * {{md}});
                                    Array.Sort(result, (left, right) => right.CompareTo(left));
                                    return Array.FindAll(result, x => keep(x));
                                }

                        """,
                    6 => $$"""
                                public int CountWords{{m}}(IEnumerable<string> words)
                                {
                                    int added = 0;
                                    foreach (var word in words)
                                    {
                                        if (string.IsNullOrWhiteSpace(word) || word.Length > {{l}})
                                        {
                                            continue;
                                        }

                                        var key = word.Trim().ToLowerInvariant();
                                        _counts[key] = _counts.TryGetValue(key, out var current) ? current + 1 : 1;
                                        added++;
                                    }

                                    return added;
                                }

                        """,
                    7 => $$"""
                                public string Serialize{{m}}()
                                {
                                    using var writer = new StringWriter(CultureInfo.InvariantCulture);
                                    try
                                    {
                                        foreach (var item in _items)
                                        {
                                            writer.WriteLine($"{item.Name};{item.Quantity};{item.Price}");
                                        }
                                    }
                                    catch (IOException exception)
                                    {
                                        return exception.Message;
                                    }
                                    finally
                                    {
                                        _scale += 0.{{s}};
                                    }

                                    return writer.ToString();
                                }

                        """,
                    8 => $$"""
                                public double[,] Grid{{m}}(int rows, int columns)
                                {
                                    var grid = new double[rows, columns];
                                    for (int r = 0; r < rows; r++)
                                    {
                                        for (int c = 0; c < columns; c++)
                                        {
                                            grid[r, c] = (r * columns + c) * _scale / {{md}};
                                        }
                                    }

                                    return grid;
                                }

                        """,
                    9 => $$"""
                                public int FindIndex{{m}}(int target)
                                {
                                    int low = 0;
                                    int high = _values.Length - 1;
                                    while (low <= high)
                                    {
                                        int mid = low + (high - low) / 2;
                                        if (_values[mid] == target)
                                        {
                                            return mid;
                                        }

                                        if (_values[mid] < target)
                                        {
                                            low = mid + 1;
                                        }
                                        else
                                        {
                                            high = mid - 1;
                                        }
                                    }

                                    return ~low;
                                }

                        """,
                    10 => $$"""
                                public async Task<int> LoadAsync{{m}}(Func<int, Task<int>> fetch)
                                {
                                    int total = 0;
                                    for (int i = 0; i < {{md}}; i++)
                                    {
                                        total += await fetch(i).ConfigureAwait(false);
                                    }

                                    return total;
                                }

                        """,
                    11 => $$"""
                                public static string Normalize{{m}}(object? value) => value switch
                                {
                                    null => string.Empty,
                                    string text when text.Length > {{l}} => text.Substring(0, {{l}}) + "...",
                                    string text => text,
                                    int number => number.ToString("N0", CultureInfo.InvariantCulture),
                                    IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                                    _ => value.ToString() ?? string.Empty,
                                };

                        """,
                    12 => $$"""
                                public Point Centroid{{m}}(IReadOnlyList<Point> points)
                                {
                                    if (points.Count == 0)
                                    {
                                        return default;
                                    }

                                    double x = 0;
                                    double y = 0;
                                    for (int i = 0; i < points.Count; i++)
                                    {
                                        x += points[i].X * {{s}};
                                        y += points[i].Y * {{s}};
                                    }

                                    return new Point(x / points.Count, y / points.Count);
                                }

                        """,
                    _ => $$"""
                                public int CountLines{{m}}(string path)
                                {
                                    var reader = new StreamReader(path);
                                    int lines = 0;
                                    while (reader.ReadLine() is { } line)
                                    {
                                        lines += line.Length > {{md}} ? 2 : 1;
                                    }

                                    return lines % {{modulus}};
                                }

                        """,
                });
            }
        }

        /// <summary>Methods that read [SharedMemory] structs (pointers, ref/in parameters, spans) and untrusted_ values.</summary>
        private static class SourceMethods
        {
            public const int TemplateCount = 8;

            /// <summary>Writes the method and returns its name.</summary>
            public static string Write(StringBuilder text, int template, MethodPlan method, int m)
            {
                var (s, md) = (method.Small, method.Medium);
                string name;
                switch (template)
                {
                    case 0:
                        name = "ReadSlots" + m;
                        text.Append(CultureInfo.InvariantCulture, $$"""
                                    public unsafe int {{name}}(RingHeader* header, int[] slots)
                                    {
                                        int length = header->Length;
                                        if (length < 0 || length > slots.Length)
                                        {
                                            return -1;
                                        }

                                        int total = 0;
                                        for (int i = 0; i < length; i++)
                                        {
                                            total += slots[i] * {{s}};
                                        }

                                        return total;
                                    }

                            """);
                        break;
                    case 1:
                        name = "Consume" + m;
                        text.Append(CultureInfo.InvariantCulture, $$"""
                                    public unsafe int {{name}}(RingHeader* header, byte[] buffer)
                                    {
                                        if (header->Length > buffer.Length || header->Length > {{md * 64}})
                                        {
                                            return -1;
                                        }

                                        var copy = new byte[header->Length];
                                        Array.Copy(buffer, copy, copy.Length);
                                        return copy.Length;
                                    }

                            """);
                        break;
                    case 2:
                        name = "Lookup" + m;
                        text.Append(CultureInfo.InvariantCulture, $$"""
                                    public int {{name}}(in Descriptor descriptor, int[] table)
                                    {
                                        int slot = descriptor.Slot;
                                        if ((uint)slot >= (uint)table.Length)
                                        {
                                            return -{{s}};
                                        }

                                        return table[slot];
                                    }

                            """);
                        break;
                    case 3:
                        name = "SumRing" + m;
                        text.Append(CultureInfo.InvariantCulture, $$"""
                                    public int {{name}}(ReadOnlySpan<Descriptor> ring, int[] table)
                                    {
                                        int total = 0;
                                        for (int i = 0; i < ring.Length; i++)
                                        {
                                            int slot = ring[i].Slot;
                                            if (slot < 0)
                                            {
                                                continue;
                                            }

                                            total += table[slot] % {{md}};
                                        }

                                        return total;
                                    }

                            """);
                        break;
                    case 4:
                        name = "NameAt" + m;
                        text.Append(CultureInfo.InvariantCulture, $$"""
                                    public string {{name}}(int untrusted_index, string[] names)
                                    {
                                        if (untrusted_index >= 0 && untrusted_index < names.Length)
                                        {
                                            return names[untrusted_index];
                                        }

                                        return names.Length > {{s}} ? names[{{s}}] : string.Empty;
                                    }

                            """);
                        break;
                    case 5:
                        name = "Pick" + m;
                        text.Append(CultureInfo.InvariantCulture, $$"""
                                    public int {{name}}(Stream input, int[] table)
                                    {
                                        int untrusted_kind = input.ReadByte();
                                        switch (untrusted_kind)
                                        {
                                            case -1:
                                                return 0;
                                            case {{s}}:
                                                return table.Length;
                                            default:
                                                return table[untrusted_kind];
                                        }
                                    }

                            """);
                        break;
                    case 6:
                        name = "Dispatch" + m;
                        text.Append(CultureInfo.InvariantCulture, $$"""
                                    public int {{name}}(ref Message message, byte[] payload)
                                    {
                                        switch (message.Kind)
                                        {
                                            case {{s}}:
                                                if (message.Length > payload.Length)
                                                {
                                                    return -1;
                                                }

                                                return payload.AsSpan(0, message.Length).IndexOf((byte)0);
                                            default:
                                                return message.Kind;
                                        }
                                    }

                            """);
                        break;
                    default:
                        name = "Drain" + m;
                        text.Append(CultureInfo.InvariantCulture, $$"""
                                    public int {{name}}([SharedMemory] ReadOnlySpan<int> ring, int[] counters)
                                    {
                                        int handled = 0;
                                        for (int i = 0; i < ring.Length && handled < {{md}}; i++)
                                        {
                                            int id = ring[i];
                                            if (id < 0 || id >= counters.Length)
                                            {
                                                break;
                                            }

                                            counters[id]++;
                                            handled++;
                                        }

                                        return handled;
                                    }

                            """);
                        break;
                }

                return name;
            }
        }

        // ---- Workload (c) ----

        /// <summary>
        /// Writes one method with an exact number of statements (every statement but a block counts): fetches through a
        /// pointer, a span and an <c>in</c> parameter, untrusted_ locals, checks that return, array accesses, re-fetches,
        /// nested ifs and loops.
        /// </summary>
        private sealed class DenseMethodWriter
        {
            public const string QualifiedName = "Workload.Dense.Parser.Parse";

            private const int Pool = 12;
            private const int MaxDepth = 4;

            private static readonly string[] HeaderFields = { "Producer", "Consumer", "Length", "Kind" };
            private static readonly string[] DescriptorFields = { "Slot", "Length", "Id", "Flags" };
            private static readonly string[] MessageFields = { "Kind", "Length", "Offset" };

            private readonly Rng _rng;
            private readonly StringBuilder _text = new();
            private int _loops;

            public DenseMethodWriter(Rng rng)
            {
                _rng = rng;
            }

            public string Write(int statements)
            {
                _text.Append("""
                    using System;
                    using DoubleFetch;
                    using Workload.Shared;

                    namespace Workload.Dense
                    {
                        public static unsafe class Parser
                        {
                            public static int Parse(RingHeader* header, ReadOnlySpan<Descriptor> ring, in Message message, int[] table, byte[] buffer, [Untrusted] int[] input)
                            {

                    """);

                // The pool: Pool locals and the accumulator, then the body, then the return.
                for (var i = 0; i < Pool; i++)
                {
                    Line(3, Invariant($"int v{i} = {i};"));
                }

                Line(3, "int untrusted_n = input.Length > 0 ? input[0] : 0;");
                Line(3, "long acc = 0;");
                var body = statements - Pool - 3;
                Statements(body, 3);
                var sum = new StringBuilder("return (int)acc + untrusted_n");
                for (var i = 0; i < Pool; i++)
                {
                    sum.Append(" + v").Append(i.ToString(CultureInfo.InvariantCulture));
                }

                Line(3, sum.Append(';').ToString());
                _text.Append("""
                            }
                        }
                    }

                    """);
                return _text.ToString();
            }

            /// <summary>Writes exactly <paramref name="count"/> statements at <paramref name="depth"/>.</summary>
            private void Statements(int count, int depth)
            {
                while (count > 0)
                {
                    count -= Statement(count, depth);
                }
            }

            /// <summary>Writes one statement or construct of at most <paramref name="budget"/> statements; returns how many.</summary>
            private int Statement(int budget, int depth)
            {
                var v = "v" + _rng.Next(Pool).ToString(CultureInfo.InvariantCulture);
                var w = "v" + _rng.Next(Pool).ToString(CultureInfo.InvariantCulture);
                var nested = depth - 3 < MaxDepth;
                var roll = _rng.Next(100);
                if (nested && budget >= 6 && roll < 10)
                {
                    // if { ... } else { ... }
                    var inner = Math.Min(budget - 1, 2 + _rng.Next(14));
                    var then = Math.Max(1, inner / 2 + _rng.Next(2));
                    var otherwise = inner - then;
                    Line(depth, Invariant($"if ({v} > {w} + {_rng.Next(64)})"));
                    Line(depth, "{");
                    Statements(then, depth + 1);
                    Line(depth, "}");
                    if (otherwise > 0)
                    {
                        Line(depth, "else");
                        Line(depth, "{");
                        Statements(otherwise, depth + 1);
                        Line(depth, "}");
                    }

                    return 1 + inner;
                }

                if (nested && budget >= 4 && roll < 18)
                {
                    // for (...) { ... } bounded by a checked value and the buffer
                    var inner = Math.Min(budget - 1, 2 + _rng.Next(10));
                    var i = "i" + (_loops++).ToString(CultureInfo.InvariantCulture);
                    Line(depth, Invariant($"for (int {i} = 0; {i} < {v} && {i} < buffer.Length; {i}++)"));
                    Line(depth, "{");
                    Line(depth + 1, Invariant($"acc += buffer[{i}];"));
                    Statements(inner - 1, depth + 1);
                    Line(depth, "}");
                    return 1 + inner;
                }

                if (nested && budget >= 4 && roll < 22)
                {
                    // while over the ring with a counter
                    var inner = Math.Min(budget - 2, 2 + _rng.Next(6));
                    var i = "k" + (_loops++).ToString(CultureInfo.InvariantCulture);
                    Line(depth, Invariant($"int {i} = 0;"));
                    Line(depth, Invariant($"while ({i} < ring.Length)"));
                    Line(depth, "{");
                    Line(depth + 1, Invariant($"{v} = ring[{i}++].{DescriptorFields[_rng.Next(DescriptorFields.Length)]};"));
                    Statements(inner - 1, depth + 1);
                    Line(depth, "}");
                    return 2 + inner;
                }

                if (budget >= 2 && roll < 40)
                {
                    // a complete check that leaves the method
                    Line(depth, Invariant($"if ({v} < 0 || {v} >= table.Length)"));
                    Line(depth + 1, "return -1;");
                    return 2;
                }

                switch (roll % 10)
                {
                    case 0:
                    case 1:
                        Line(depth, Invariant($"{v} = (int)(header->{HeaderFields[_rng.Next(HeaderFields.Length)]} & 0xFF);"));
                        return 1;
                    case 2:
                        Line(depth, Invariant($"{v} = (int)header[{_rng.Next(16)}].{HeaderFields[_rng.Next(HeaderFields.Length)]};"));
                        return 1;
                    case 3:
                        Line(depth, Invariant($"{v} = ring[{_rng.Next(32)}].{DescriptorFields[_rng.Next(DescriptorFields.Length)]};"));
                        return 1;
                    case 4:
                        Line(depth, Invariant($"{v} = message.{MessageFields[_rng.Next(MessageFields.Length)]};"));
                        return 1;
                    case 5:
                        Line(depth, Invariant($"untrusted_n = input[{_rng.Next(8)}] % {1 + _rng.Next(1000)};"));
                        return 1;
                    case 6:
                        Line(depth, Invariant($"acc += table[{v}];"));
                        return 1;
                    case 7:
                        Line(depth, Invariant($"acc += {v} * {w} + {_rng.Next(100)};"));
                        return 1;
                    case 8:
                        Line(depth, Invariant($"{w} = {v} + untrusted_n % {1 + _rng.Next(64)};"));
                        return 1;
                    default:
                        Line(depth, Invariant($"buffer[{v} & 0x3F] = (byte){w};"));
                        return 1;
                }
            }

            private void Line(int depth, string line) => _text.Append(' ', depth * 4).Append(line).Append('\n');
        }

        private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>SplitMix64, seeded from the seed and a stream and index, so that each class has its own sequence.</summary>
        private sealed class Rng
        {
            private ulong _state;

            public Rng(int seed, int stream, int index)
            {
                _state = unchecked(((ulong)(uint)seed << 32) ^ ((ulong)(uint)stream << 20) ^ (uint)index ^ 0x9E3779B97F4A7C15UL);
            }

            public int Next(int exclusiveMax)
            {
                unchecked
                {
                    _state += 0x9E3779B97F4A7C15UL;
                    var z = _state;
                    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                    z ^= z >> 31;
                    return (int)(z % (ulong)exclusiveMax);
                }
            }
        }
    }
}
