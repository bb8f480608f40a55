using System.IO;
using System.Threading;
using DoubleFetch;

// xen-netfront's xennet_tx_buf_gc (Linux, drivers/net/xen-netfront.c), ported to C#.
//
// The network frontend hands packets to the backend, which runs in another VM, through a ring in memory that both
// VMs map. For each packet the backend writes a response carrying the request's id; the frontend uses that id to find
// the packet and release its grant and page. The backend chooses the id, and nothing checks it: the Qubes OS team
// found this for Qubes Security Bulletin #23, where in C the writes below let a malicious backend write into the
// frontend's kernel.
// In C# the runtime checks the indexes, so the same bug is an IndexOutOfRangeException: the backend crashes us.
//
// Fixed as Linux fixed it ("xen/netfront: don't trust the backend response data blindly"): check id against the ring
// size before it indexes anything, and treat a bad id as a broken backend.
namespace Samples.Xen.Fixed
{
    /// <summary>A transmit response as the backend writes it into the ring (struct xen_netif_tx_response).</summary>
    [SharedMemory]
    public struct TxResponse
    {
        public ushort Id;
        public short Status;
    }

    /// <summary>The header of the shared transmit ring (struct xen_netif_tx_sring).</summary>
    [SharedMemory]
    public struct TxSharedRing
    {
        public uint ReqProd;
        public uint ReqEvent;
        public uint RspProd;
        public uint RspEvent;
    }

    /// <summary>A packet in flight (struct sk_buff).</summary>
    public sealed class SocketBuffer
    {
        public void Free()
        {
        }
    }

    /// <summary>A page granted to the backend.</summary>
    public sealed class Page
    {
    }

    /// <summary>The frontend's private state of one queue (struct netfront_queue).</summary>
    public sealed unsafe class NetfrontQueue
    {
        public const int NetTxRingSize = 256;

        /// <summary>The ring header and its slots: memory the backend writes.</summary>
        public TxSharedRing* SharedRing;
        public TxResponse* Ring;

        /// <summary>The first response not consumed yet: private to the frontend.</summary>
        public uint RspCons;

        // Indexed by request id: one entry per ring slot. Readonly, so they keep the NetTxRingSize entries they are
        // created with, and a check against NetTxRingSize covers all three.
        public readonly SocketBuffer?[] TxSkbs = new SocketBuffer?[NetTxRingSize];
        public readonly uint[] GrantTxRef = new uint[NetTxRingSize];
        public readonly Page?[] GrantTxPage = new Page?[NetTxRingSize];
    }

    public static unsafe class Netfront
    {
        private const uint GrantInvalidRef = 0;
        private const short XenNetifRspNull = 1;

        public static void TxBufGc(NetfrontQueue queue)
        {
            uint prod = queue.SharedRing->RspProd;
            Interlocked.MemoryBarrier(); // rmb(): see the responses up to prod.

            for (uint cons = queue.RspCons; cons != prod; cons++)
            {
                // RING_GET_RESPONSE: a pointer into the shared ring, not a copy.
                TxResponse* txrsp = queue.Ring + (cons & (NetfrontQueue.NetTxRingSize - 1));
                if (txrsp->Status == XenNetifRspNull)
                {
                    continue;
                }

                // The backend wrote id: check it before it indexes anything.
                ushort id = txrsp->Id;
                if (id >= NetfrontQueue.NetTxRingSize)
                {
                    throw new InvalidDataException($"Response has incorrect id ({id}).");
                }

                SocketBuffer? skb = queue.TxSkbs[id];
                GrantTable.EndForeignAccess(queue.GrantTxRef[id]);
                queue.GrantTxRef[id] = GrantInvalidRef;
                queue.GrantTxPage[id] = null;
                skb?.Free();
            }

            queue.RspCons = prod;
        }
    }

    internal static class GrantTable
    {
        public static void EndForeignAccess(uint grantRef)
        {
        }
    }
}
