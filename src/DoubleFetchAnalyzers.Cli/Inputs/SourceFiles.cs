using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using DoubleFetchAnalyzers.Cli.CommandLine;
using DoubleFetchAnalyzers.Cli.Output;
using Microsoft.CodeAnalysis.Text;

namespace DoubleFetchAnalyzers.Cli.Inputs
{
    /// <summary>Finds and reads the files of a folder input.</summary>
    internal static class SourceFiles
    {
        public const string EditorConfigName = ".editorconfig";
        public const string GlobalConfigName = ".globalconfig";

        /// <summary>bin/ and obj/ hold build output, not sources: a folder walk skips them, as the SDK's globs do.</summary>
        public static bool IsBuildOutputFolder(string name) =>
            string.Equals(name, "bin", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "obj", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The files under <paramref name="folder"/> whose names satisfy <paramref name="include"/>, in ordinal order of
        /// their paths; bin/ and obj/ folders are skipped, and so are links to folders (they can form cycles).
        /// </summary>
        public static IReadOnlyList<string> Find(string folder, Func<string, bool> include)
        {
            var found = new List<string>();
            var pending = new Stack<string>();
            pending.Push(folder);
            while (pending.Count > 0)
            {
                var directory = pending.Pop();
                IEnumerable<string> files;
                IEnumerable<string> subdirectories;
                try
                {
                    files = Directory.GetFiles(directory);
                    subdirectories = Directory.GetDirectories(directory);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"cannot read folder '{ConsoleReport.DisplayPath(directory)}': {exception.Message}");
                }

                found.AddRange(files.Where(file => include(Path.GetFileName(file))));
                foreach (var subdirectory in subdirectories)
                {
                    if (!IsBuildOutputFolder(Path.GetFileName(subdirectory)) && new DirectoryInfo(subdirectory).LinkTarget is null)
                    {
                        pending.Push(subdirectory);
                    }
                }
            }

            found.Sort(StringComparer.Ordinal);
            return found;
        }

        public static IReadOnlyList<string> FindSources(string folder) =>
            Find(folder, name => name.EndsWith(".cs", StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The configuration files a build of a project in <paramref name="folder"/> would use: every .editorconfig in
        /// the folder, below it and above it, and every .globalconfig in the folder and above it.
        /// </summary>
        public static IReadOnlyList<string> FindConfigurations(string folder)
        {
            var found = new List<string>(Find(folder, name => name == EditorConfigName));
            for (var directory = new DirectoryInfo(folder); directory is not null; directory = directory.Parent)
            {
                var globalConfig = Path.Combine(directory.FullName, GlobalConfigName);
                if (File.Exists(globalConfig))
                {
                    found.Add(globalConfig);
                }

                if (directory.FullName != folder)
                {
                    var editorConfig = Path.Combine(directory.FullName, EditorConfigName);
                    if (File.Exists(editorConfig))
                    {
                        found.Add(editorConfig);
                    }
                }
            }

            return found;
        }

        /// <summary>Reads a source or configuration file as the compiler would: BOM or UTF-8, else the fallback encoding.</summary>
        public static SourceText Read(string path)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                return SourceText.From(stream, encoding: null, SourceHashAlgorithm.Sha256, throwIfBinaryDetected: true);
            }
            catch (InvalidDataException)
            {
                throw new UsageException($"cannot read '{ConsoleReport.DisplayPath(path)}': it is a binary file, not text");
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                throw new UsageException($"cannot read '{ConsoleReport.DisplayPath(path)}': {exception.Message}");
            }
        }

        /// <summary>Writes fixed text back with the encoding it was read in (a byte order mark stays if there was one).</summary>
        public static void Write(string path, SourceText text)
        {
            try
            {
                using var writer = new StreamWriter(path, append: false, text.Encoding ?? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                text.Write(writer);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write '{ConsoleReport.DisplayPath(path)}': {exception.Message}");
            }
        }
    }
}
