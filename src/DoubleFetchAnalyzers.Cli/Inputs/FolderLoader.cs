using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using DoubleFetchAnalyzers.Cli.Analysis;
using DoubleFetchAnalyzers.Cli.Configuration;
using DoubleFetchAnalyzers.Cli.Output;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace DoubleFetchAnalyzers.Cli.Inputs
{
    /// <summary>
    /// A folder of loose .cs files as one project: every .cs file under the folder (bin/ and obj/ excluded) compiled as a
    /// library with unsafe code and nullable annotations, against the running .NET's framework assemblies, with the
    /// package's attribute generator, and with the .editorconfig and .globalconfig files a build would use.
    /// </summary>
    internal static class FolderLoader
    {
        public static LoadedInput Load(string folder, ConfigFile? config)
        {
            var sources = SourceFiles.FindSources(folder);
            var configurations = SourceFiles.FindConfigurations(folder);

            var projectId = ProjectId.CreateNewId(folder);
            var name = Path.GetFileName(folder) is { Length: > 0 } folderName ? folderName : "Sources";
            var documents = sources.Select(path => DocumentInfo.Create(
                DocumentId.CreateNewId(projectId, path),
                Path.GetFileName(path),
                Folders(folder, path),
                SourceCodeKind.Regular,
                Loader(path, SourceFiles.Read(path)),
                path));

            var configDocuments = new List<DocumentInfo>();
            foreach (var path in configurations)
            {
                configDocuments.Add(DocumentInfo.Create(DocumentId.CreateNewId(projectId, path), Path.GetFileName(path), loader: Loader(path, SourceFiles.Read(path)), filePath: path));
            }

            if (config is not null)
            {
                configDocuments.Add(config.ToDocumentInfo(projectId));
            }

            var project = ProjectInfo.Create(
                    projectId,
                    VersionStamp.Create(),
                    name,
                    name,
                    LanguageNames.CSharp,
                    filePath: null,
                    compilationOptions: new CSharpCompilationOptions(
                        OutputKind.DynamicallyLinkedLibrary,
                        allowUnsafe: true,
                        nullableContextOptions: NullableContextOptions.Enable,
                        concurrentBuild: true),
                    parseOptions: new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: RuntimeReferences.PreprocessorSymbols),
                    documents: documents.ToList(),
                    metadataReferences: RuntimeReferences.All,
                    analyzerReferences: new AnalyzerReference[] { new GeneratorReference(Product.AttributeGenerator) })
                .WithAnalyzerConfigDocuments(configDocuments);

            var workspace = new AdhocWorkspace();
            var solution = workspace.AddSolution(SolutionInfo.Create(SolutionId.CreateNewId(folder), VersionStamp.Create(), projects: new[] { project }));
            var warnings = sources.Count == 0
                ? ImmutableArray.Create($"warning: no .cs files in '{ConsoleReport.DisplayPath(folder)}' (bin/ and obj/ are not searched)")
                : ImmutableArray<string>.Empty;
            return new LoadedInput(workspace, solution, ImmutableArray.Create(projectId), folder, warnings);
        }

        private static IEnumerable<string> Folders(string root, string path)
        {
            var directory = Path.GetRelativePath(root, Path.GetDirectoryName(path)!);
            return directory == "." ? Enumerable.Empty<string>() : directory.Split(Path.DirectorySeparatorChar);
        }

        private static TextLoader Loader(string path, SourceText text) =>
            TextLoader.From(TextAndVersion.Create(text, VersionStamp.Create(), path));
    }
}
