"""Public members without docstrings: methods, properties and classmethods of a Proxy,
its mixin and a Resource."""

from openstack_core import proxy, resource


class TagsMixin:
    """Shared by several Resources."""

    __slots__ = ()

    def tag(self, session, tag):
        pass


class Record(TagsMixin, resource.Resource):
    """A record whose own members lack docstrings."""

    resources_key = "records"
    base_path = "/records"
    allow_list = True

    data = resource.Body("data")

    def reload(self, session):
        pass

    @property
    def short(self):
        return self.data

    @classmethod
    def from_text(cls, text):
        return cls.new(data=text)

    def documented(self, session):
        """Has a docstring."""

    @classmethod
    def extract_one(cls, data):  # an override of the core keeps the core's docstring
        return data


class RecordMethods(proxy.Proxy):
    """A mixin grouping Proxy methods: checked as part of DocProxy, not as a plugin."""

    def records(self, **query):
        return self._list(Record, **query)


class DocProxy(RecordMethods):
    """Combines the mixins and declares the contract."""

    service_type = "acme-records"
    api_version = 1
    plugin_api_version = "1.1"

    @property
    def region(self):
        return self.region_name

    @classmethod
    def default_ttl(cls):
        return 300

    @staticmethod
    def normalize(name):
        return name.lower()
