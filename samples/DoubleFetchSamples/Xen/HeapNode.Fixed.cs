// Xen XSA-231 (xen/common/page_alloc.c, alloc_heap_pages), ported to C#.
//
// A guest asks the hypervisor for memory and may name the NUMA node to take it from, in the memflags argument of its
// hypercall. The allocator compared the node with the special value NUMA_NO_NODE ("no preference") and nothing else:
// a node number of MAX_NUMNODES or more indexed past the end of the per-node tables, and let the guest run code in
// Xen. Qubes Security Bulletin #33 lists it.
//
// The memflags argument follows the Qubes convention: every value the guest controls lives in a variable named
// untrusted_* until it is checked.
//
// Fixed as Xen fixed it: a node number that is neither NUMA_NO_NODE nor below MAX_NUMNODES is rejected.
namespace Samples.Xen.Fixed
{
    public sealed class HeapAllocator
    {
        public const int MaxNumNodes = 64;
        private const uint NumaNoNode = 0xFF;
        private const int MemfNodeShift = 8;

        /// <summary>Free pages per NUMA node.</summary>
        private readonly long[] _availablePages = new long[MaxNumNodes];

        private readonly uint _localNode;

        public HeapAllocator(uint localNode)
        {
            _localNode = localNode % MaxNumNodes;
        }

        /// <summary>Takes 2^order pages from the node the guest asked for in its memflags.</summary>
        public bool AllocHeapPages(int order, uint untrusted_memflags)
        {
            // MEMF_get_node: the node number is a byte of the guest's flags, plus one.
            uint node = ((untrusted_memflags >> MemfNodeShift) - 1) & 0xFF;

            if (node == NumaNoNode)
            {
                node = _localNode;
            }
            else if (node >= MaxNumNodes)
            {
                return false;
            }

            long pages = 1L << order;
            if (_availablePages[node] < pages)
            {
                return false;
            }

            _availablePages[node] -= pages;
            return true;
        }
    }
}
