using System.Reflection;
using System.Text;

namespace Backprop.Fluent.Tests;

/// <summary>
/// Reads the public surface of an assembly by reflection: one sorted line per public type and
/// member, and the F# types (or tuples) that appear anywhere in those signatures.
/// </summary>
internal static class PublicSurface
{
    private static readonly NullabilityInfoContext Nullability = new();

    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every public type and member of <paramref name="assembly"/>, one per line, sorted ordinally.</summary>
    public static string Describe(Assembly assembly)
    {
        var lines = assembly.GetExportedTypes()
            .SelectMany(type => Members(type).Select(member => $"{Name(type)}: {member}").Prepend($"{Name(type)}: {Kind(type)}"))
            .Order(StringComparer.Ordinal);
        return string.Join('\n', lines) + '\n';
    }

    /// <summary>The public types and members whose signatures mention an F#-only type or a tuple, each with the offending type.</summary>
    public static IReadOnlyList<string> FSharpLeaks(IEnumerable<Type> types) =>
        types.SelectMany(type => SignatureTypes(type).Select(used => (Where: Name(type), Used: used)))
            .SelectMany(pair => Flatten(pair.Used).Where(IsFSharpOrTuple).Select(leak => $"{pair.Where} exposes {Name(leak)}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static bool IsFSharpOrTuple(Type type) =>
        type.Assembly.GetName().Name == "FSharp.Core"
        || type.Assembly.GetName().Name!.StartsWith("Backprop.Functional", StringComparison.Ordinal)
        || type.GetCustomAttributes(inherit: false).Any(attribute => attribute.GetType().FullName == "Microsoft.FSharp.Core.CompilationMappingAttribute")
        || (type.Namespace == "System" && (type.Name.StartsWith("Tuple", StringComparison.Ordinal) || type.Name.StartsWith("ValueTuple", StringComparison.Ordinal)));

    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (var implemented in type.GetInterfaces())
        {
            yield return implemented;
        }

        foreach (var member in type.GetMembers(Declared).Where(IsVisible))
        {
            switch (member)
            {
                case MethodBase method:
                    foreach (var parameter in method.GetParameters())
                    {
                        yield return parameter.ParameterType;
                    }

                    if (method is MethodInfo withResult)
                    {
                        yield return withResult.ReturnType;
                    }

                    break;
                case PropertyInfo property:
                    yield return property.PropertyType;
                    break;
                case FieldInfo field:
                    yield return field.FieldType;
                    break;
                case EventInfo { EventHandlerType: { } handler }:
                    yield return handler;
                    break;
            }
        }
    }

    private static IEnumerable<Type> Flatten(Type type)
    {
        yield return type;
        var inner = type.HasElementType ? [type.GetElementType()!] : type.IsGenericType ? type.GetGenericArguments() : [];
        foreach (var part in inner.SelectMany(Flatten))
        {
            yield return part;
        }
    }

    private static IEnumerable<string> Members(Type type) =>
        type.GetMembers(Declared).Where(IsVisible).Where(member => member is not MethodInfo { IsSpecialName: true } || member.Name.StartsWith("op_", StringComparison.Ordinal))
            .Select(Describe);

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase method => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly,
        FieldInfo field => (field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly) && !field.IsSpecialName,
        PropertyInfo property => property.GetAccessors(nonPublic: true).Any(IsVisible),
        EventInfo @event => @event.AddMethod is { } add && IsVisible(add),
        Type nested => nested.IsNestedPublic || nested.IsNestedFamily,
        _ => false,
    };

    private static string Describe(MemberInfo member) => member switch
    {
        ConstructorInfo constructor => $"{Static(constructor)}.ctor({Parameters(constructor)})",
        MethodInfo method => $"{Static(method)}method {Name(method.ReturnType)}{Nullable(Nullability.Create(method.ReturnParameter))} {method.Name}({Parameters(method)})",
        PropertyInfo property => $"{Static(property.GetAccessors(true)[0])}property {Name(property.PropertyType)}{Nullable(Nullability.Create(property))} {Indexer(property)}{{{Accessors(property)}}}",
        FieldInfo field => $"{(field.IsLiteral ? "const " : field.IsStatic ? "static " : "")}field {Name(field.FieldType)} {field.Name}",
        EventInfo @event => $"event {Name(@event.EventHandlerType!)} {@event.Name}",
        Type nested => $"nested {Name(nested)}",
        _ => member.ToString() ?? member.Name,
    };

    private static string Static(MethodBase method) => method.IsStatic ? "static " : "";

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(parameter => $"{Name(parameter.ParameterType)}{Nullable(Nullability.Create(parameter))} {parameter.Name}"));

    /// <summary>Marks a reference annotated as nullable with <c>?</c>, so the baseline pins nullable annotations too.</summary>
    private static string Nullable(NullabilityInfo info) =>
        info.Type.IsValueType || info.ReadState != NullabilityState.Nullable ? "" : "?";

    private static string Indexer(PropertyInfo property)
    {
        var index = property.GetIndexParameters();
        return index.Length == 0
            ? $"{property.Name} "
            : $"this[{string.Join(", ", index.Select(parameter => $"{Name(parameter.ParameterType)} {parameter.Name}"))}] ";
    }

    private static string Accessors(PropertyInfo property)
    {
        var accessors = new StringBuilder();
        if (property.GetMethod is { } getter && IsVisible(getter))
        {
            accessors.Append(" get;");
        }

        if (property.SetMethod is { } setter && IsVisible(setter))
        {
            accessors.Append(" set;");
        }

        return accessors.Append(' ').ToString();
    }

    private static string Kind(Type type) =>
        type.IsEnum ? "enum"
        : type.IsInterface ? "interface"
        : type.IsValueType ? "struct"
        : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
        : (type.IsAbstract && type.IsSealed ? "static class" : type.IsSealed ? "sealed class" : type.IsAbstract ? "abstract class" : "class")
            + (type.BaseType is { } baseType && baseType != typeof(object) ? $" : {Name(baseType)}" : "");

    /// <summary>A C#-like name: namespace-qualified, with generic arguments, arrays and by-refs.</summary>
    internal static string Name(Type type)
    {
        if (type.IsByRef)
        {
            return "ref " + Name(type.GetElementType()!);
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        var name = (type.IsNested ? Name(type.DeclaringType!) + "+" : type.Namespace + ".") + type.Name;
        if (!type.IsGenericType)
        {
            return name;
        }

        return name[..name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
    }
}
