using System.Text;
using Kailash.Nodes;

namespace Kailash.Workflows.Serialization;

/// <summary>
/// Loads and saves workflow files in JSON and YAML. The format is Kailash's <c>Workflow.to_dict()</c> shape, so a
/// workflow exported by the Python SDK loads here when its node types are registered.
/// </summary>
/// <remarks>
/// <para>
/// Loading accepts <c>nodes</c> as a map (<c>{id: {node_type|type, config|parameters}}</c>) or a list
/// (<c>[{id, type|node_type, config|parameters}]</c>); connections in the <c>source_node/source_output/target_node/target_input</c>
/// and <c>from_node/from_output/to_node/to_input</c> vocabularies and the short form <c>{"from": "a", "to": "b"}</c>
/// (outside the <c>source_node</c> vocabulary a missing output port is <c>result</c> and a missing input is <c>input</c>); cycles as a <c>cycles</c> list or as inline edges in <c>connections</c>
/// (<c>"cycle": true, "cycle_id", "max_iterations", "convergence_check", "timeout"</c>). Config values become plain data
/// (dictionaries, lists, <see cref="long"/>, <see cref="double"/>, strings, booleans, null); <c>{"$secret": "NAME"}</c>
/// references and <c>${name}</c> templates are kept as written, for the runtime to resolve.
/// </para>
/// <para>
/// A missing <c>workflow_id</c> defaults to the file name without its extension (or <c>workflow</c>), <c>name</c> to the id
/// and <c>version</c> to <c>1.0.0</c>. JSON may carry comments and trailing commas. YAML plain scalars resolve by the
/// YAML 1.2 core schema (quoted scalars stay strings); anchors, aliases and merge keys are expanded.
/// </para>
/// <para>
/// A file that cannot be loaded throws one <see cref="WorkflowValidationException"/> that lists every problem found, each
/// with its error code and its location (a path such as <c>connections[2].target_node</c> plus line and column).
/// </para>
/// <para>
/// Saving writes one canonical shape (nodes as a map, the <c>source_node</c> vocabulary, each cycle in the form it was
/// declared in). Keys the model has no field for (extra per-node keys, unknown top-level, connection and cycle keys)
/// are kept from load to save, so saving a loaded workflow, loading it and saving again gives the same text.
/// </para>
/// </remarks>
public static class WorkflowSerializer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Loads a workflow from JSON text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="registry">The node types to resolve type names from; defaults to <see cref="NodeRegistry.BuiltIn"/>.</param>
    /// <param name="sourceName">The file name shown in error locations, and the default workflow id when the file has none.</param>
    /// <returns>The workflow.</returns>
    /// <exception cref="WorkflowValidationException">The text is not a valid workflow; every problem is listed.</exception>
    public static Workflow LoadJson(string json, NodeRegistry? registry = null, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var diagnostics = new LoadDiagnostics(sourceName);
        var root = JsonSourceReader.Read(json, diagnostics);
        return WorkflowDocumentReader.Read(root, registry ?? NodeRegistry.BuiltIn, diagnostics);
    }

    /// <summary>Loads a workflow from YAML text (including YAML written by Python Kailash's <c>to_yaml()</c>).</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="registry">The node types to resolve type names from; defaults to <see cref="NodeRegistry.BuiltIn"/>.</param>
    /// <param name="sourceName">The file name shown in error locations, and the default workflow id when the file has none.</param>
    /// <returns>The workflow.</returns>
    /// <exception cref="WorkflowValidationException">The text is not a valid workflow; every problem is listed.</exception>
    public static Workflow LoadYaml(string yaml, NodeRegistry? registry = null, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var diagnostics = new LoadDiagnostics(sourceName);
        var root = YamlSourceReader.Read(yaml, diagnostics);
        return WorkflowDocumentReader.Read(root, registry ?? NodeRegistry.BuiltIn, diagnostics);
    }

    /// <summary>Loads a workflow file; the extension (<c>.json</c>, <c>.yaml</c> or <c>.yml</c>) selects the syntax.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="registry">The node types to resolve type names from; defaults to <see cref="NodeRegistry.BuiltIn"/>.</param>
    /// <returns>The workflow.</returns>
    /// <exception cref="WorkflowValidationException">
    /// The file cannot be read (code <c>KWF023</c>) or is not a valid workflow; every problem is listed.
    /// </exception>
    public static Workflow LoadFile(string path, NodeRegistry? registry = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var syntax = SyntaxOf(path);
        if (syntax is null)
        {
            throw Unreadable(path, $"The workflow file '{path}' has an unsupported extension. Please use .json, .yaml or .yml.");
        }

        if (Directory.Exists(path))
        {
            throw Unreadable(path, $"The workflow file '{path}' is a directory, not a file. Please give the path of a .json, .yaml or .yml file.");
        }

        string text;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > LoadLimits.MaxChars * 4L)
            {
                // Checked before reading, so a huge file is not read into memory only to be refused (the text limit applies after decoding).
                throw new WorkflowValidationException([new WorkflowError(ErrorCodes.InputTooLarge, LoadLimits.TooLargeText(length), Location: path)]);
            }

            using var reader = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true);
            text = reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            throw Unreadable(path, $"The workflow file '{path}' does not exist.");
        }
        catch (DirectoryNotFoundException)
        {
            throw Unreadable(path, $"The workflow file '{path}' does not exist (its folder is missing).");
        }
        catch (DecoderFallbackException)
        {
            throw Unreadable(path, $"The workflow file '{path}' is not UTF-8 text.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or System.Security.SecurityException)
        {
            throw Unreadable(path, $"The workflow file '{path}' cannot be read: {ex.Message}");
        }

        return syntax == Syntax.Json ? LoadJson(text, registry, path) : LoadYaml(text, registry, path);
    }

    /// <summary>Writes a workflow as indented JSON.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <returns>The JSON text, ending with a newline.</returns>
    /// <exception cref="WorkflowValidationException">A config, metadata or extension value cannot be written (code <c>KWF022</c>).</exception>
    public static string ToJson(Workflow workflow) => JsonDocumentWriter.Write(WorkflowDocumentWriter.ToDocument(workflow));

    /// <summary>Writes a workflow as block-style YAML.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <returns>The YAML text, ending with a newline.</returns>
    /// <exception cref="WorkflowValidationException">A config, metadata or extension value cannot be written (code <c>KWF022</c>).</exception>
    public static string ToYaml(Workflow workflow) => YamlDocumentWriter.Write(WorkflowDocumentWriter.ToDocument(workflow));

    /// <summary>Saves a workflow file (UTF-8, no byte order mark); the extension (<c>.json</c>, <c>.yaml</c> or <c>.yml</c>) selects the syntax.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="path">The file path; an existing file is replaced.</param>
    /// <exception cref="ArgumentException">The extension is not <c>.json</c>, <c>.yaml</c> or <c>.yml</c>.</exception>
    /// <exception cref="WorkflowValidationException">A config, metadata or extension value cannot be written (code <c>KWF022</c>).</exception>
    public static void SaveFile(Workflow workflow, string path)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var text = SyntaxOf(path) switch
        {
            Syntax.Json => ToJson(workflow),
            Syntax.Yaml => ToYaml(workflow),
            _ => throw new ArgumentException($"The workflow file '{path}' has an unsupported extension. Please use .json, .yaml or .yml.", nameof(path)),
        };
        File.WriteAllText(path, text, StrictUtf8);
    }

    private static Syntax? SyntaxOf(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".JSON" => Syntax.Json,
        ".YAML" or ".YML" => Syntax.Yaml,
        _ => null,
    };

    private static WorkflowValidationException Unreadable(string path, string message)
        => new([new WorkflowError(ErrorCodes.FileNotReadable, message, Location: path)]);

    private enum Syntax
    {
        Json,
        Yaml,
    }
}
