using System.Runtime.InteropServices;
using DoubleFetch;

// Xen XSA-155 in blkback, the block backend (Linux, drivers/block/xen-blkback/blkback.c), ported to C#.
//
// A guest's block frontend puts each disk request into a ring that the backend maps. The backend checks the number of
// segments, then reads it again to copy the segments. The guest can change the number between the two reads, after
// the check, and the copy runs past the MaxSegmentsPerRequest entries the backend sized its arrays for. In C the
// compiler turned one read into several; in C# the same bug is written out in the source: every req->NrSegments below
// reads the ring again.
//
// Fixed as Xen fixed it (RING_COPY_REQUEST): copy the request out of the ring once, then check and use the copy. The
// guest can still change the ring, but not the copy.
namespace Samples.Xen.Fixed
{
    /// <summary>A read or write request as the frontend writes it into the ring (struct blkif_request).</summary>
    [SharedMemory]
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct BlkifRequest
    {
        public byte Operation;
        public byte NrSegments;
        public ushort Handle;
        public ulong Id;
        public ulong SectorNumber;

        // The segment descriptors follow the request in its ring slot.
    }

    /// <summary>One segment: a page the frontend granted, and the sectors used in it (struct blkif_request_segment).</summary>
    [SharedMemory]
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct BlkifSegment
    {
        public uint Gref;
        public byte FirstSect;
        public byte LastSect;
        public ushort Padding;
    }

    /// <summary>The backend's private state of a request in flight (struct pending_req).</summary>
    public sealed class PendingRequest
    {
        public const int MaxSegmentsPerRequest = 11;

        public byte Operation;
        public int NrSegments;
        public readonly uint[] Grefs = new uint[MaxSegmentsPerRequest];
        public readonly int[] SectorCounts = new int[MaxSegmentsPerRequest];
    }

    public static unsafe class Blkback
    {
        private const byte BlkifOpRead = 0;
        private const byte BlkifOpWrite = 1;
        private const int SectorsPerPage = 8;
        private const int EInval = 22;

        /// <summary>Parses the request in a ring slot into <paramref name="pending"/>; returns 0 or an error code.</summary>
        public static int DispatchRwBlockIo(BlkifRequest* slot, PendingRequest pending)
        {
            // A real copy: one read of the ring. (A ref local would be an alias, and read the ring on every use.)
            BlkifRequest req = *slot;

            byte operation = req.Operation;
            if (operation != BlkifOpRead && operation != BlkifOpWrite)
            {
                return -EInval;
            }

            if (req.NrSegments > PendingRequest.MaxSegmentsPerRequest)
            {
                return -EInval;
            }

            pending.Operation = operation;
            pending.NrSegments = req.NrSegments;
            BlkifSegment* segments = (BlkifSegment*)(slot + 1);
            for (int i = 0; i < req.NrSegments; i++)
            {
                // Each segment is copied once too, before its fields are checked.
                BlkifSegment segment = segments[i];
                if (segment.LastSect >= SectorsPerPage || segment.LastSect < segment.FirstSect)
                {
                    return -EInval;
                }

                pending.Grefs[i] = segment.Gref;
                pending.SectorCounts[i] = segment.LastSect - segment.FirstSect + 1;
            }

            return 0;
        }
    }
}
