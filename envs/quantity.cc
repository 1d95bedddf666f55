#include "envs/quantity.h"

#include <cmath>

namespace prefctl {
namespace {

std::string NamesOf(const mjModel* model, mjtObj type, int count) {
  std::string names;
  for (int i = 0; i < count; ++i) {
    const char* name = mj_id2name(model, type, i);
    if (!name || !*name) continue;
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names.empty() ? "(none named)" : names;
}

// What the model calls each kind of object a quantity names, and how many.
struct ObjectKind {
  const char* singular;
  const char* plural;
  int count;
};

ObjectKind KindOf(const mjModel* model, mjtObj type) {
  switch (type) {
    case mjOBJ_BODY:
      return {"body", "bodies", model->nbody};
    case mjOBJ_JOINT:
      return {"joint", "joints", model->njnt};
    case mjOBJ_SENSOR:
    default:  // No other kind is named by a quantity.
      return {"sensor", "sensors", model->nsensor};
  }
}

// Resolves a name to an id, failing with the names the model has.
int Resolve(const ConfigNode& node, const std::string& key,
            const std::string& name, const mjModel* model, mjtObj type) {
  const int id = mj_name2id(model, type, name.c_str());
  if (id < 0) {
    const ObjectKind kind = KindOf(model, type);
    node.Fail(key, std::string("names ") + kind.singular + " '" + name +
                       "', which the model does not have; its " + kind.plural +
                       ": " + NamesOf(model, type, kind.count));
  }
  return id;
}

std::vector<int> Components(const ConfigNode& node, const std::string& key,
                            const std::vector<std::string>& names,
                            std::vector<std::string> chosen) {
  node.Read(key, &chosen);
  std::vector<int> indices;
  for (const std::string& component : chosen) {
    int index = -1;
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == component) index = static_cast<int>(i);
    }
    if (index < 0) {
      std::string valid;
      for (const std::string& n : names)
        valid += (valid.empty() ? "" : ", ") + n;
      node.Fail(key, "has '" + component + "'; valid entries: " + valid);
    }
    indices.push_back(index);
  }
  return indices;
}

const std::vector<std::string> kAxes = {"x", "y", "z"};
const std::vector<std::string> kMatrixEntries = {"xx", "xy", "xz", "yx", "yy",
                                                 "yz", "zx", "zy", "zz"};

}  // namespace

Quantity::Quantity(const ConfigNode& node, const mjModel* model) {
  std::string type;
  node.ReadChoice(
      "type", &type,
      {"qpos", "qvel", "joint_cos_sin", "sensor", "body_pos", "body_com",
       "body_xmat", "body_offset", "distance", "control"});
  auto joints = [&] {
    std::vector<std::string> names;
    node.ReadRequired("joints", &names);
    for (const std::string& name : names) {
      const int id = Resolve(node, "joints", name, model, mjOBJ_JOINT);
      if (model->jnt_type[id] != mjJNT_HINGE &&
          model->jnt_type[id] != mjJNT_SLIDE) {
        node.Fail("joints",
                  "names '" + name + "', which is not a hinge or slide joint");
      }
      ids_.push_back(id);
    }
  };
  auto body = [&](const std::string& key) {
    std::string name;
    node.ReadRequired(key, &name);
    return Resolve(node, key, name, model, mjOBJ_BODY);
  };
  if (type == "qpos" || type == "qvel" || type == "joint_cos_sin") {
    type_ = type == "qpos"   ? Type::kQpos
            : type == "qvel" ? Type::kQvel
                             : Type::kJointCosSin;
    joints();
    size_ =
        static_cast<int>(ids_.size()) * (type_ == Type::kJointCosSin ? 2 : 1);
  } else if (type == "sensor") {
    type_ = Type::kSensor;
    std::string name;
    node.ReadRequired("name", &name);
    ids_.push_back(Resolve(node, "name", name, model, mjOBJ_SENSOR));
    const int dimension = model->sensor_dim[ids_[0]];
    for (int i = 0; i < dimension; ++i) components_.push_back(i);
    node.Read("indices", &components_, Range::Closed(0, dimension - 1));
    size_ = static_cast<int>(components_.size());
  } else if (type == "body_pos" || type == "body_com") {
    type_ = type == "body_pos" ? Type::kBodyPos : Type::kBodyCom;
    ids_.push_back(body("body"));
    if (node.Has("relative_to")) reference_body_ = body("relative_to");
    components_ = Components(node, "axes", kAxes, kAxes);
    size_ = static_cast<int>(components_.size());
  } else if (type == "body_xmat") {
    type_ = Type::kBodyXmat;
    std::vector<std::string> names;
    node.ReadRequired("bodies", &names);
    for (const std::string& name : names) {
      ids_.push_back(Resolve(node, "bodies", name, model, mjOBJ_BODY));
    }
    components_ = Components(node, "components", kMatrixEntries, {"zz"});
    size_ = static_cast<int>(ids_.size() * components_.size());
  } else if (type == "body_offset" || type == "distance") {
    type_ = type == "distance" ? Type::kDistance : Type::kBodyOffset;
    reference_body_ = body("from");
    ids_.push_back(body("to"));
    components_ = Components(node, "axes", kAxes, kAxes);
    size_ = type_ == Type::kDistance ? 1 : static_cast<int>(components_.size());
  } else {
    type_ = Type::kControl;
    size_ = model->nu;
  }
  std::string transform = "none";
  node.ReadChoice("transform", &transform, {"none", "log1p"});
  log1p_ = transform == "log1p";
  node.CheckNoUnknownKeys();
}

void Quantity::Evaluate(const mjModel* model, const mjData* data,
                        double* out) const {
  int k = 0;
  switch (type_) {
    case Type::kQpos:
      for (int id : ids_) out[k++] = data->qpos[model->jnt_qposadr[id]];
      break;
    case Type::kQvel:
      for (int id : ids_) out[k++] = data->qvel[model->jnt_dofadr[id]];
      break;
    case Type::kJointCosSin:
      for (int id : ids_) {
        const double angle = data->qpos[model->jnt_qposadr[id]];
        out[k++] = std::cos(angle);
        out[k++] = std::sin(angle);
      }
      break;
    case Type::kSensor: {
      const int address = model->sensor_adr[ids_[0]];
      for (int index : components_)
        out[k++] = data->sensordata[address + index];
      break;
    }
    case Type::kBodyPos:
    case Type::kBodyCom: {
      const mjtNum* positions =
          type_ == Type::kBodyPos ? data->xpos : data->xipos;
      for (int axis : components_) {
        out[k] = positions[3 * ids_[0] + axis];
        if (reference_body_ >= 0)
          out[k] -= positions[3 * reference_body_ + axis];
        ++k;
      }
      break;
    }
    case Type::kBodyXmat:
      for (int id : ids_) {
        for (int entry : components_) out[k++] = data->xmat[9 * id + entry];
      }
      break;
    case Type::kBodyOffset:
    case Type::kDistance: {
      double squared = 0.0;
      for (int axis : components_) {
        const double delta = data->xpos[3 * ids_[0] + axis] -
                             data->xpos[3 * reference_body_ + axis];
        if (type_ == Type::kBodyOffset) out[k++] = delta;
        squared += delta * delta;
      }
      if (type_ == Type::kDistance) out[0] = std::sqrt(squared);
      break;
    }
    case Type::kControl:
      for (; k < size_; ++k) out[k] = data->ctrl[k];
      break;
  }
  if (log1p_) {
    for (int i = 0; i < size_; ++i) out[i] = std::log1p(out[i]);
  }
}

}  // namespace prefctl
