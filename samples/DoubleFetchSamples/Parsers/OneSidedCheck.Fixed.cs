using System.IO;

// A one-sided check of a signed value.
//
// Binary formats store counts, lengths and indexes as unsigned numbers, but BinaryReader.ReadInt32 returns an int: the
// four bytes FF FF FF FF read as -1, not as 4294967295. A check against the upper bound alone then lets every
// negative value through: -1 is not >= the length, and not > the maximum. An index of -1 throws
// IndexOutOfRangeException, a size of -1 throws OverflowException: the file decides where the parser stops.
// Through a pointer, the same -1 reads the memory before the buffer.
//
// The reader below loads a bitmap font: a table of glyphs, a map from characters to glyph numbers, and a bitmap per
// glyph. The font file is input from somewhere else, so its values stay in untrusted_ variables until they are checked
// (the Qubes OS convention).
//
// Fixed: both sides are checked. (uint)value >= (uint)length does it in one comparison: a negative int cast to uint is
// 2^31 or more, larger than any length. For a length, (uint)value > limit: a length may equal the limit.
namespace Samples.Parsers.Fixed
{
    /// <summary>One glyph of the font: its size, and its bitmap once it is loaded.</summary>
    public sealed class Glyph
    {
        public int Width;
        public int Height;
        public byte[]? Bitmap;
    }

    public sealed class BitmapFontReader
    {
        /// <summary>The largest bitmap this reader accepts: 256 x 256 pixels, one byte each.</summary>
        public const int MaxBitmapBytes = 256 * 256;

        private readonly Glyph[] _glyphs;

        public BitmapFontReader(Glyph[] glyphs)
        {
            _glyphs = glyphs;
        }

        /// <summary>Reads one entry of the character map: the glyph that draws a character.</summary>
        public Glyph ReadCharacterMapEntry(BinaryReader reader)
        {
            int untrusted_glyph = reader.ReadInt32();

            // Both sides: -1 (FF FF FF FF in the file) becomes 4294967295 as a uint, and is rejected with the rest.
            if ((uint)untrusted_glyph >= (uint)_glyphs.Length)
            {
                throw new InvalidDataException($"The character map names glyph {untrusted_glyph}, but the font has {_glyphs.Length}.");
            }

            int glyph = untrusted_glyph;
            return _glyphs[glyph];
        }

        /// <summary>Reads the bitmap of a glyph: its length in bytes, then the bytes.</summary>
        public byte[] ReadBitmap(BinaryReader reader)
        {
            int untrusted_length = reader.ReadInt32();

            // The same for a length: a negative length is rejected with the huge ones.
            if ((uint)untrusted_length > MaxBitmapBytes)
            {
                throw new InvalidDataException($"A glyph bitmap of {untrusted_length} bytes is larger than {MaxBitmapBytes}.");
            }

            int length = untrusted_length;
            var bitmap = new byte[length];
            reader.BaseStream.ReadExactly(bitmap);
            return bitmap;
        }
    }
}
