using System.Collections;
using System.Collections.Generic;
using Instrumentation.Logging;
using Xunit;

namespace Google.Protobuf.Collections
{
    /// <summary>Stands in for protobuf's type (same namespace and name): an enumerator of its own, as the real one has.</summary>
    public sealed class RepeatedField<T> : IReadOnlyCollection<T>
    {
        private readonly List<T> _items = new();

        public int Count => _items.Count;

        public void Add(T item) => _items.Add(item);

        public IEnumerator<T> GetEnumerator()
        {
            foreach (var item in _items)
            {
                yield return item;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

namespace Instrumentation.Runtime.Tests.Logging
{
    /// <summary>
    /// Protobuf's repeated and map fields are written out like the framework's collections (a gRPC team's trial found
    /// every repeated field of a logged message as <c>RepeatedField&lt;String&gt; { … }</c>); a collection of the app's own
    /// with its own enumerator still is not (enumerating it could consume or load it).
    /// </summary>
    public sealed class ProtobufCollectionTests
    {
        [Fact]
        public void A_protobuf_repeated_field_is_written_as_a_list_and_an_unknown_collection_as_a_placeholder()
        {
            var repeated = new Google.Protobuf.Collections.RepeatedField<string> { "a", "b" };
            var own = new OwnCollection();

            Assert.Equal("[a, b]", LogValueFormatter.Format(repeated));
            Assert.Equal("OwnCollection { … }", LogValueFormatter.Format(own));
        }

        private sealed class OwnCollection : IReadOnlyCollection<int>
        {
            public int Count => 1;

            public IEnumerator<int> GetEnumerator()
            {
                yield return 1;
            }

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
